package dev.mlpipe.events.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final Instant FAILED_AT = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void shouldKeepKeyValueTimestampAndHeadersAndAddTheErrorHeaders() {
    ConsumerRecord<byte[], byte[]> failed = failedRecord();

    ProducerRecord<byte[], byte[]> deadLetter =
        DeadLetters.of(failed, new IllegalStateException("bad value"), "gatekeeper", FAILED_AT);

    assertThat(deadLetter.topic()).isEqualTo("mlpipe.commit.dlq");
    assertThat(deadLetter.key()).isEqualTo(bytes("recommender"));
    assertThat(deadLetter.value()).isEqualTo(new byte[] {0, 1, 2, 3});
    assertThat(deadLetter.timestamp()).isEqualTo(1_000L);
    assertThat(deadLetter.partition()).isNull();
    assertThat(text(deadLetter.headers(), "trace-id")).isEqualTo("abc");
    assertThat(text(deadLetter.headers(), "__streams.errors.exception"))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(text(deadLetter.headers(), "__streams.errors.message")).isEqualTo("bad value");
    assertThat(text(deadLetter.headers(), "__streams.errors.stacktrace"))
        .startsWith("java.lang.IllegalStateException: bad value")
        .contains("DeadLettersTest");
    assertThat(text(deadLetter.headers(), "__streams.errors.topic")).isEqualTo("mlpipe.commit");
    assertThat(text(deadLetter.headers(), "__streams.errors.partition")).isEqualTo("2");
    assertThat(text(deadLetter.headers(), "__streams.errors.offset")).isEqualTo("42");
    assertThat(text(deadLetter.headers(), "mlpipe.errors.stage")).isEqualTo("gatekeeper");
    assertThat(text(deadLetter.headers(), "mlpipe.errors.timestamp"))
        .isEqualTo(String.valueOf(FAILED_AT.toEpochMilli()));
  }

  @Test
  void shouldNotChangeTheHeadersOfTheFailedRecord() {
    ConsumerRecord<byte[], byte[]> failed = failedRecord();

    DeadLetters.of(failed, new IllegalStateException("x"), "trainer", FAILED_AT);

    assertThat(failed.headers().toArray()).hasSize(1);
  }

  @Test
  void shouldReadBackTheErrorHeadersItWrote() {
    ProducerRecord<byte[], byte[]> deadLetter =
        DeadLetters.of(
            failedRecord(), new SerializationException("no schema 7"), "trainer", FAILED_AT);

    DeadLetters.DeadLetter read = DeadLetters.read(deadLetter.headers()).orElseThrow();

    assertThat(read.exceptionClass()).isEqualTo(SerializationException.class.getName());
    assertThat(read.message()).isEqualTo("no schema 7");
    assertThat(read.stackTrace()).contains("no schema 7");
    assertThat(read.topic()).isEqualTo("mlpipe.commit");
    assertThat(read.partition()).isEqualTo(2);
    assertThat(read.offset()).isEqualTo(42L);
    assertThat(read.stage()).contains("trainer");
    assertThat(read.failedAt()).contains(FAILED_AT);
  }

  @Test
  void shouldReadAnExceptionWithoutMessageAsEmptyMessage() {
    ProducerRecord<byte[], byte[]> deadLetter =
        DeadLetters.of(failedRecord(), new NullPointerException(), "trainer", FAILED_AT);

    assertThat(DeadLetters.read(deadLetter.headers()).orElseThrow().message()).isEmpty();
  }

  @Test
  void shouldKeepOneSetOfErrorHeadersWhenADeadLetterFailsAgain() {
    Headers headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers, new IllegalStateException("first"), "t", 0, 1, "trainer", FAILED_AT);
    DeadLetters.addErrorHeaders(
        headers, new IllegalArgumentException("second"), "t.dlq", 0, 9, "replay", FAILED_AT);

    assertThat(headers.headers("__streams.errors.message")).hasSize(1);
    DeadLetters.DeadLetter read = DeadLetters.read(headers).orElseThrow();
    assertThat(read.message()).isEqualTo("second");
    assertThat(read.topic()).isEqualTo("t.dlq");
    assertThat(read.offset()).isEqualTo(9L);
    assertThat(read.stage()).contains("replay");
  }

  @Test
  void shouldCutAStackTraceLongerThanTheLimit() {
    Exception deep = new IllegalStateException("deep");
    deep.setStackTrace(
        java.util.stream.IntStream.range(0, 5_000)
            .mapToObj(i -> new StackTraceElement("dev.mlpipe.Deep", "call" + i, "Deep.java", i))
            .toArray(StackTraceElement[]::new));

    String trace = DeadLetters.stackTrace(deep);

    assertThat(trace.length()).isLessThan(DeadLetters.MAX_STACKTRACE_CHARS + 100);
    assertThat(trace).endsWith("(cut)");
  }

  @Test
  void shouldReadNothingFromARecordThatIsNoDeadLetter() {
    assertThat(DeadLetters.read(failedRecord().headers())).isEqualTo(Optional.empty());
  }

  @Test
  void shouldRejectAnOffsetHeaderThatIsNoNumber() {
    Headers headers = new RecordHeaders();
    headers.add("__streams.errors.exception", bytes("java.lang.Exception"));
    headers.add("__streams.errors.offset", bytes("forty-two"));

    assertThatThrownBy(() -> DeadLetters.read(headers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__streams.errors.offset")
        .hasMessageContaining("forty-two");
  }

  private static ConsumerRecord<byte[], byte[]> failedRecord() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", bytes("abc"));
    return new ConsumerRecord<>(
        "mlpipe.commit",
        2,
        42L,
        1_000L,
        TimestampType.CREATE_TIME,
        -1,
        4,
        bytes("recommender"),
        new byte[] {0, 1, 2, 3},
        headers,
        Optional.empty());
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
