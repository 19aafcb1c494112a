package dev.mlpipe.console.runs;

import java.util.Locale;

/** Where a stage of a run stands. */
public enum Outcome {
  /** Started (or its input arrived) and no verdict yet. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Reached its environment and was rolled back afterwards. */
  ROLLED_BACK;

  /** The lower-case label shown in tables and pages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Whether the stage is over (no further events are expected for it). */
  public boolean isFinal() {
    return this != RUNNING;
  }
}
