package dev.mlpipe.gatekeeper.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every check of a candidate, in policy order, with the hash of the policy they came from and the
 * champion they were compared with. The candidate passes when no critical check failed.
 */
public record GateReport(List<CheckResult> checks, String policyHash, Optional<String> champion) {

  public GateReport {
    checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    Objects.requireNonNull(policyHash, "policyHash");
    Objects.requireNonNull(champion, "champion");
  }

  public boolean passed() {
    return checks.stream().noneMatch(CheckResult::blocks);
  }

  /** The critical checks that failed. */
  public List<CheckResult> blocking() {
    return checks.stream().filter(CheckResult::blocks).toList();
  }

  /** The warning checks that failed. */
  public List<CheckResult> warnings() {
    return checks.stream().filter(c -> !c.passed() && c.severity() == Severity.WARNING).toList();
  }
}
