package dev.mlpipe.console.dlq;

import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How a dead letter is replayed: the original key and value bytes, unchanged, to the topic it was
 * read from (its error header, else the dead-letter topic's source), with its original headers but
 * not the error headers, and headers saying it is a replay of which dead letter and when. Pure: no
 * Kafka client here.
 */
public final class Replays {

  /** Which dead letter a record replays: {@code <dead-letter topic>-<partition>@<offset>}. */
  public static final String REPLAYED_FROM = "mlpipe.replay.from";

  /** When it was replayed, epoch milliseconds. */
  public static final String REPLAYED_AT = "mlpipe.replay.at";

  private Replays() {}

  /**
   * The record that replays a dead letter.
   *
   * @throws IllegalArgumentException when the record is not from a dead-letter topic or names a
   *     source topic that is not a pipeline topic
   */
  public static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> deadLetter, Instant now) {
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(now, "now");
    String target = sourceTopic(deadLetter);
    Headers headers = new RecordHeaders(deadLetter.headers().toArray());
    DeadLetters.ERROR_HEADERS.forEach(headers::remove);
    headers.remove(REPLAYED_FROM);
    headers.remove(REPLAYED_AT);
    headers.add(REPLAYED_FROM, utf8(origin(deadLetter)));
    headers.add(REPLAYED_AT, utf8(String.valueOf(now.toEpochMilli())));
    return new ProducerRecord<>(target, null, null, deadLetter.key(), deadLetter.value(), headers);
  }

  /** The topic a dead letter goes back to. */
  public static String sourceTopic(ConsumerRecord<byte[], byte[]> deadLetter) {
    if (!Topics.isDeadLetterTopic(deadLetter.topic())) {
      throw new IllegalArgumentException(
          deadLetter.topic()
              + " is not a dead-letter topic; only records of <topic>"
              + ".dlq topics are replayed");
    }
    Optional<String> fromHeader =
        DeadLetters.read(deadLetter.headers())
            .map(DeadLetters.DeadLetter::topic)
            .filter(t -> !t.isBlank());
    String target = fromHeader.orElse(Topics.sourceOfDeadLetterTopic(deadLetter.topic()));
    if (Topics.byName(target).isEmpty()) {
      throw new IllegalArgumentException(
          "dead letter "
              + origin(deadLetter)
              + " names source topic '"
              + target
              + "', which is not a pipeline topic; it is not replayed");
    }
    return target;
  }

  /** {@code <topic>-<partition>@<offset>}. */
  public static String origin(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
