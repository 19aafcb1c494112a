package dev.mlpipe.cli.publish;

/**
 * Where a published event landed and how to follow it.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset
 * @param eventId the event's id
 * @param runId the run it belongs to
 */
public record Published(String topic, int partition, long offset, String eventId, String runId) {

  /** The lines printed for the user: the ids first, so scripts can read them. */
  public String describe() {
    return "eventId="
        + eventId
        + System.lineSeparator()
        + "runId="
        + runId
        + System.lineSeparator()
        + "published to "
        + topic
        + " partition "
        + partition
        + " offset "
        + offset
        + "; follow the run with: mlpipe watch --from-beginning";
  }
}
