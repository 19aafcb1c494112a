package dev.mlpipe.gatekeeper.topology;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the verdicts store remembers of a verdict: its outcome, its eventId and when it was issued
 * (wall-clock milliseconds), stored as text {@code "passed <eventId> <millis>"}. Entries written
 * before the time was recorded read back with no time.
 */
record IssuedVerdict(String outcome, String eventId, OptionalLong issuedAtMillis) {

  IssuedVerdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(issuedAtMillis, "issuedAtMillis");
  }

  String encode() {
    return outcome
        + " "
        + eventId
        + (issuedAtMillis.isPresent() ? " " + issuedAtMillis.getAsLong() : "");
  }

  IssuedVerdict issuedAt(long millis) {
    return new IssuedVerdict(outcome, eventId, OptionalLong.of(millis));
  }

  static IssuedVerdict decode(String text) {
    String[] parts = text.split(" ");
    if (parts.length == 3) {
      try {
        return new IssuedVerdict(parts[0], parts[1], OptionalLong.of(Long.parseLong(parts[2])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "verdicts store entry '" + text + "' has no issue time in milliseconds", e);
      }
    }
    if (parts.length == 2) {
      return new IssuedVerdict(parts[0], parts[1], OptionalLong.empty());
    }
    throw new IllegalArgumentException(
        "verdicts store entry '" + text + "' is not '<outcome> <eventId> [<millis>]'");
  }
}
