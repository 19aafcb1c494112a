package dev.mlpipe.console.runs;

import dev.mlpipe.schemas.EventMeta;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * One decoded event and where it was read from.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param value the decoded event; every pipeline event has a {@code meta} and a {@code model}
 */
public record PipelineEvent(String topic, int partition, long offset, SpecificRecord value) {

  public PipelineEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must be 0 or more, were " + partition + " and " + offset);
    }
    if (!(value instanceof GenericRecord record)
        || record.getSchema().getField("meta") == null
        || record.getSchema().getField("model") == null) {
      throw new IllegalArgumentException(
          value.getSchema().getFullName() + " is not a pipeline event (it has no meta and model)");
    }
  }

  /** An event not read from Kafka (tests, events about to be published). */
  public static PipelineEvent of(String topic, SpecificRecord value) {
    return new PipelineEvent(topic, 0, 0, value);
  }

  /** The event's metadata. */
  public EventMeta meta() {
    return (EventMeta) ((GenericRecord) value).get("meta");
  }

  /** The model the event is about (also the record key). */
  public String model() {
    return String.valueOf(((GenericRecord) value).get("model"));
  }

  public String runId() {
    return meta().getRunId();
  }

  public String eventId() {
    return meta().getEventId();
  }

  public Instant occurredAt() {
    return meta().getOccurredAt();
  }

  /** The event type's simple name, e.g. {@code TrainingFinished}. */
  public String type() {
    return value.getSchema().getName();
  }
}
