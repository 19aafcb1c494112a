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
 * @param model the decoded event's model, when it could be decoded
 * @param runId the decoded event's run id, when it could be decoded
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
    Optional<DeadLetters.DeadLetter> deadLetter,
    Optional<String> model,
    Optional<String> runId) {

  /** A record whose model and run are not known. */
  public BrowsedRecord(
      String topic,
      int partition,
      long offset,
      Instant timestamp,
      String key,
      Optional<String> json,
      Optional<String> error,
      Map<String, String> headers,
      Optional<DeadLetters.DeadLetter> deadLetter) {
    this(
        topic,
        partition,
        offset,
        timestamp,
        key,
        json,
        error,
        headers,
        deadLetter,
        Optional.empty(),
        Optional.empty());
  }

  public BrowsedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(error, "error");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(runId, "runId");
  }
}
