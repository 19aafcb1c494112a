package dev.mlpipe.gatekeeper.policy;

import java.util.Objects;

/**
 * One check of a policy: a metric, a comparator and its threshold, and whether failing it blocks.
 *
 * @param metric a key {@link GateMetrics} knows
 * @param severity critical (decides) or warning (reported)
 * @param comparator how the candidate's value is compared
 * @param threshold the comparator's argument: a bound, a fraction ({@code maxRegression}) or a
 *     delta ({@code minDelta})
 */
public record Rule(String metric, Severity severity, Comparator comparator, double threshold) {

  public Rule {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(comparator, "comparator");
    Direction direction =
        GateMetrics.direction(metric)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown metric '" + metric + "'; known: " + GateMetrics.knownKeys()));
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(
          metric
              + "."
              + comparator.key()
              + ": threshold must be a finite number, was "
              + threshold);
    }
    if (comparator.relative() && direction == Direction.NONE) {
      throw new IllegalArgumentException(
          metric
              + "."
              + comparator.key()
              + ": "
              + metric
              + " has no better or worse, so it cannot be compared with the champion; use equals");
    }
    if (direction == Direction.NONE && comparator != Comparator.EQUALS) {
      throw new IllegalArgumentException(
          metric + "." + comparator.key() + ": " + metric + " is a flag; only equals applies");
    }
    if (comparator == Comparator.MAX_REGRESSION && threshold < 0) {
      throw new IllegalArgumentException(
          metric + ".maxRegression: must be a fraction >= 0 (0.01 = 1 %), was " + threshold);
    }
  }

  /**
   * The check's name in reports: {@code <metric>_vs_champion} for a relative check, else {@code
   * <metric>_<comparator>} ({@code rmse_max}), and the bare metric for a flag ({@code
   * model_loads}).
   */
  public String name() {
    if (comparator.relative()) {
      return metric + "_vs_champion";
    }
    if (comparator == Comparator.EQUALS) {
      return metric;
    }
    return metric + "_" + comparator.key();
  }

  /** What identifies the rule when policies are layered: metric and comparator. */
  public RuleKey key() {
    return new RuleKey(metric, comparator);
  }

  /** Metric and comparator: a layer's rule replaces the lower layer's rule with the same key. */
  public record RuleKey(String metric, Comparator comparator) implements Comparable<RuleKey> {

    public RuleKey {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(comparator, "comparator");
    }

    @Override
    public int compareTo(RuleKey other) {
      int byMetric = metric.compareTo(other.metric);
      return byMetric != 0 ? byMetric : comparator.compareTo(other.comparator);
    }

    @Override
    public String toString() {
      return metric + "." + comparator.key();
    }
  }
}
