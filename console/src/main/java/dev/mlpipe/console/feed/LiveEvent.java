package dev.mlpipe.console.feed;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as the live list of the overview shows it.
 *
 * @param topic where it was read
 * @param partition its partition
 * @param offset its offset
 * @param occurredAt its {@code meta.occurredAt}, or the record timestamp when it could not be
 *     decoded
 * @param model the model (the record key)
 * @param type the event type, or {@code undecodable}
 * @param runId its run, empty when it could not be decoded
 * @param summary the key facts in one line
 */
public record LiveEvent(
    String topic,
    int partition,
    long offset,
    Instant occurredAt,
    String model,
    String type,
    String runId,
    String summary) {

  public LiveEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(occurredAt, "occurredAt");
    model = model == null ? "" : model;
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(summary, "summary");
  }
}
