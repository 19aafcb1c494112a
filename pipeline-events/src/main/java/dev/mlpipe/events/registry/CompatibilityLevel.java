package dev.mlpipe.events.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The compatibility levels of the Confluent Schema Registry. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** Parses a level by name, case-insensitively, with an error that lists the valid ones. */
  public static CompatibilityLevel parse(String text) {
    if (text != null) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the error that names the valid levels
      }
    }
    throw new IllegalArgumentException(
        "invalid compatibility level '"
            + text
            + "'; valid levels are "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }

  /** Whether the new schema must be checked against every earlier version, not only the latest. */
  public boolean transitive() {
    return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
  }
}
