package dev.mlpipe.webhook.ledger;

import java.util.Objects;

/** What became of an event handed to the {@link EventLedger}. */
public sealed interface Outcome {

  String eventId();

  String runId();

  /**
   * The event is on its topic, acknowledged by all in-sync replicas.
   *
   * @param topic where it is
   * @param partition its partition
   * @param offset its offset
   */
  record Published(String eventId, String runId, String topic, int partition, long offset)
      implements Outcome {
    public Published {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * The delivery id had been published before (as this event); nothing was published now.
   *
   * @param fingerprint what the publishing request looked like, as given then; null if not given
   */
  record AlreadyPublished(String deliveryId, String eventId, String runId, String fingerprint)
      implements Outcome {
    public AlreadyPublished {
      Objects.requireNonNull(deliveryId, "deliveryId");
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(runId, "runId");
    }
  }
}
