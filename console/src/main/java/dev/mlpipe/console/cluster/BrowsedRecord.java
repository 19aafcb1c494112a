package dev.mlpipe.console.cluster;

import dev.mlpipe.events.runtime.DeadLetters;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message read by offset.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp
 * @param key the key (the model name), may be null
 * @param json the value decoded to JSON, when it could be decoded
 * @param error why it could not be decoded, when it could not
 * @param headers every header, values as UTF-8 text
 * @param deadLetter the error headers, when the record is a dead letter
 */
public record BrowsedRecord(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String key,
    Optional<String> json,
    Optional<String> error,
    Map<String, String> headers,
    Optional<DeadLetters.DeadLetter> deadLetter) {

  public BrowsedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(error, "error");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(deadLetter, "deadLetter");
  }
}
