package dev.mlpipe.events.runtime;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * A decoded input record as a stage handler sees it.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param key its key (the model name), null when the record had none
 * @param value the decoded value, null for a tombstone
 * @param headers its headers (read-only)
 * @param timestamp its record timestamp
 * @param <I> the decoded value type
 */
public record InputEvent<I>(
    String topic,
    int partition,
    long offset,
    String key,
    I value,
    Headers headers,
    Instant timestamp) {

  public InputEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(timestamp, "timestamp");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "input event of "
              + topic
              + " needs a partition and offset >= 0, was "
              + partition
              + "@"
              + offset);
    }
  }

  /** {@code topic-partition@offset}, for log lines and error messages. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }
}
