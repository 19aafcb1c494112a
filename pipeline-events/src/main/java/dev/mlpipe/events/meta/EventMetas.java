package dev.mlpipe.events.meta;

import dev.mlpipe.schemas.EventMeta;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes the {@link EventMeta} every event carries: a new run starts a fresh {@code runId}; an event
 * caused by another keeps the cause's {@code runId} and records its {@code eventId} as causation.
 */
public final class EventMetas {

  private final String producer;
  private final Clock clock;

  /**
   * @param producer the stage name and instance that signs the events, e.g. {@code trainer@host}
   * @param clock where {@code occurredAt} comes from
   */
  public EventMetas(String producer, Clock clock) {
    this.producer = requireText(producer, "producer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Metadata for the first event of a new run, with a fresh {@code runId}. */
  public EventMeta newRun() {
    return newRun(UUID.randomUUID().toString());
  }

  /** Metadata for the first event of a run whose id was chosen by the caller. */
  public EventMeta newRun(String runId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(requireText(runId, "runId"))
        .setCausationId(null)
        .setOccurredAt(clock.instant())
        .setProducer(producer)
        .build();
  }

  /** Metadata for an event caused by {@code cause}: same run, causation = the cause's eventId. */
  public EventMeta causedBy(EventMeta cause) {
    Objects.requireNonNull(cause, "cause");
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(cause.getRunId())
        .setCausationId(cause.getEventId())
        .setOccurredAt(clock.instant())
        .setProducer(producer)
        .build();
  }

  /** The producer name these metas are signed with. */
  public String producer() {
    return producer;
  }

  /** The conventional producer name of a stage instance: {@code stage@host}. */
  public static String producerName(String stage, String instance) {
    return requireText(stage, "stage") + "@" + requireText(instance, "instance");
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
