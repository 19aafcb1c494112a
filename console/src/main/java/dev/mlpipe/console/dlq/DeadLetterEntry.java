package dev.mlpipe.console.dlq;

import dev.mlpipe.events.runtime.DeadLetters;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One dead letter as listed.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp
 * @param key the key (the model name), may be null
 * @param sizeBytes the value's size
 * @param error the error headers; empty when it carries none
 * @param replayedFrom when the record failed again after a replay, the dead letter it replayed
 */
public record DeadLetterEntry(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String key,
    int sizeBytes,
    Optional<DeadLetters.DeadLetter> error,
    Optional<String> replayedFrom) {

  public DeadLetterEntry {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(replayedFrom, "replayedFrom");
  }
}
