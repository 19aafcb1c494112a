package dev.mlpipe.console.runs;

import java.util.Locale;

/** The stages a run passes through, in order. */
public enum StageName {
  TRAINING,
  VALIDATION,
  STAGING,
  PRODUCTION;

  /** The lower-case label shown in tables and pages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
