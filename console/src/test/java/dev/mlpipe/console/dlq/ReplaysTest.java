package dev.mlpipe.console.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplaysTest {

  private static final Instant NOW = Instant.parse("2026-11-16T10:00:00Z");

  @Test
  void shouldSendTheOriginalBytesBackToTheFailedTopicWithoutErrorHeadersMarkedAsReplay() {
    ConsumerRecord<byte[], byte[]> deadLetter = deadLetter(Topics.COMMIT.name());
    deadLetter.headers().add("traceparent", bytes("00-abc-def-01"));

    ProducerRecord<byte[], byte[]> replay = Replays.of(deadLetter, NOW);

    assertThat(replay.topic()).isEqualTo(Topics.COMMIT.name());
    assertThat(replay.key()).isEqualTo(bytes("recommender"));
    assertThat(replay.value()).isEqualTo(bytes("original avro bytes"));
    assertThat(replay.partition()).isNull();
    assertThat(replay.headers().lastHeader(DeadLetters.EXCEPTION)).isNull();
    assertThat(replay.headers().lastHeader(DeadLetters.STACKTRACE)).isNull();
    assertThat(text(replay, Replays.REPLAYED_FROM))
        .isEqualTo(Topics.COMMIT.deadLetterTopic() + "-0@41");
    assertThat(text(replay, Replays.REPLAYED_AT)).isEqualTo(String.valueOf(NOW.toEpochMilli()));
    assertThat(text(replay, "traceparent")).isEqualTo("00-abc-def-01");
  }

  @Test
  void shouldFallBackToTheDeadLetterTopicsSourceWhenTheErrorHeadersNameNone() {
    ConsumerRecord<byte[], byte[]> bare =
        new ConsumerRecord<>(
            Topics.TRAINING_FINISHED.deadLetterTopic(), 0, 3, bytes("m"), bytes("v"));

    assertThat(Replays.of(bare, NOW).topic()).isEqualTo(Topics.TRAINING_FINISHED.name());
  }

  @Test
  void shouldRefuseARecordThatIsNotADeadLetterOrNamesAForeignTopic() {
    assertThatThrownBy(
            () ->
                Replays.of(
                    new ConsumerRecord<>(Topics.COMMIT.name(), 0, 0, bytes("k"), bytes("v")), NOW))
        .hasMessageContaining("is not a dead-letter topic");
    assertThatThrownBy(() -> Replays.of(deadLetter("someone-elses-topic"), NOW))
        .hasMessageContaining("someone-elses-topic")
        .hasMessageContaining("not a pipeline topic");
  }

  private static ConsumerRecord<byte[], byte[]> deadLetter(String failedOn) {
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers, new IllegalStateException("boom"), failedOn, 0, 7, "trainer", NOW);
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            Topics.COMMIT.deadLetterTopic(),
            0,
            41,
            0L,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME,
            0,
            0,
            bytes("recommender"),
            bytes("original avro bytes"),
            headers,
            java.util.Optional.empty());
    return r;
  }

  private static String text(ProducerRecord<byte[], byte[]> r, String header) {
    return new String(r.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
