package dev.mlpipe.events.runtime;

import java.util.Arrays;
import java.util.Locale;

/** What a stage does with a record it cannot decode or handle. */
public enum FailurePolicy {
  /**
   * Stop the stage: commit the records before the failing one, leave the failing one uncommitted
   * (so it is retried at the next start) and report the stage as failed.
   */
  FAIL,
  /**
   * Publish the original record, unchanged, with error headers to {@code <topic>.dlq} in the same
   * transaction as the offset commit, and go on. The default.
   */
  DEAD_LETTER,
  /** Log the failure, count it as skipped, commit its offset and go on. */
  LOG_AND_SKIP;

  /** The policy named {@code value} ({@code fail}, {@code dead-letter}, {@code log-and-skip}). */
  public static FailurePolicy parse(String value) {
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (FailurePolicy policy : values()) {
      if (policy.name().equals(normalized)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown failure policy '"
            + value
            + "'; use one of "
            + Arrays.stream(values())
                .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
  }
}
