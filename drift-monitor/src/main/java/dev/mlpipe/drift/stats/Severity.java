package dev.mlpipe.drift.stats;

/** How far a window moved from the reference, for one feature or one kind of drift. */
public enum Severity {
  /** Within the thresholds. */
  NONE,
  /** Worth a look, not worth a retraining: PSI between the warning and the drift threshold. */
  WARNING,
  /** Drifted. */
  DRIFT
}
