package dev.mlpipe.gatekeeper.policy;

import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param name e.g. {@code rmse_max}, {@code ndcg_at_10_vs_champion}, {@code model_loads}
 * @param metric the metric checked
 * @param severity critical or warning
 * @param comparator how it was compared, readable, e.g. {@code <=} or {@code no worse than champion
 *     by 1%}
 * @param threshold the bound the candidate's value was compared with (for a relative check: the
 *     bound derived from the champion), or null when there was none
 * @param candidateValue the candidate's value, or null when it has none
 * @param championValue the champion's value, or null when there is no champion or it has none
 * @param passed whether the check passed
 * @param reason one line a person can act on
 */
public record CheckResult(
    String name,
    String metric,
    Severity severity,
    String comparator,
    Double threshold,
    Double candidateValue,
    Double championValue,
    boolean passed,
    String reason) {

  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(comparator, "comparator");
    Objects.requireNonNull(reason, "reason");
  }

  /** True when this check failing blocks the candidate. */
  public boolean blocks() {
    return !passed && severity == Severity.CRITICAL;
  }
}
