package dev.mlpipe.gatekeeper.policy;

/** Whether a failed check blocks the candidate (critical) or is only reported (warning). */
public enum Severity {
  CRITICAL("critical"),
  WARNING("warning");

  private final String key;

  Severity(String key) {
    this.key = key;
  }

  /** The section name in a policy, {@code critical} or {@code warning}. */
  public String key() {
    return key;
  }
}
