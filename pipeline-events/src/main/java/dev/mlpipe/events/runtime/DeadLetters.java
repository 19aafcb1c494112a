package dev.mlpipe.events.runtime;

import dev.mlpipe.events.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the failed record, unchanged (key, value, timestamp, headers), sent to
 * {@code <topic>.dlq} with error headers. The error headers carry the names Kafka Streams uses for
 * its own dead-letter records (KIP-1034), so one tool reads the dead letters of plain-consumer
 * stages and of Streams stages alike; mlpipe adds the stage and the time of the failure. All header
 * values are UTF-8 strings, numbers in decimal.
 */
public final class DeadLetters {

  /** Class name of the exception. */
  public static final String EXCEPTION = "__streams.errors.exception";

  /** Message of the exception (absent when it had none). */
  public static final String MESSAGE = "__streams.errors.message";

  /** Stack trace of the exception, cut at {@link #MAX_STACKTRACE_CHARS}. */
  public static final String STACKTRACE = "__streams.errors.stacktrace";

  /** Topic the record was read from. */
  public static final String TOPIC = "__streams.errors.topic";

  /** Partition the record was read from. */
  public static final String PARTITION = "__streams.errors.partition";

  /** Offset the record was read from. */
  public static final String OFFSET = "__streams.errors.offset";

  /** Name of the stage that failed on the record. */
  public static final String STAGE = "mlpipe.errors.stage";

  /** When the stage failed on the record, epoch milliseconds. */
  public static final String TIMESTAMP = "mlpipe.errors.timestamp";

  /** Every error header, in the order they are added. */
  public static final List<String> ERROR_HEADERS =
      List.of(EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET, STAGE, TIMESTAMP);

  /**
   * Stack traces longer than this are cut: a deep trace must not push the dead letter over the
   * broker's maximum message size.
   */
  public static final int MAX_STACKTRACE_CHARS = 16 * 1024;

  private DeadLetters() {}

  /**
   * The dead letter of a record a stage failed on: same key, value, timestamp and headers, plus the
   * error headers, addressed to the record's dead-letter topic.
   */
  public static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> failed, Throwable error, String stage, Instant failedAt) {
    Objects.requireNonNull(failed, "failed");
    Headers headers = new RecordHeaders(failed.headers().toArray());
    addErrorHeaders(
        headers, error, failed.topic(), failed.partition(), failed.offset(), stage, failedAt);
    return new ProducerRecord<>(
        Topics.deadLetterTopicOf(failed.topic()),
        null,
        failed.timestamp() < 0 ? null : failed.timestamp(),
        failed.key(),
        failed.value(),
        headers);
  }

  /**
   * Adds the error headers to {@code headers}, replacing error headers from an earlier failure (a
   * dead letter that is replayed and fails again keeps one unambiguous set).
   */
  public static void addErrorHeaders(
      Headers headers,
      Throwable error,
      String topic,
      int partition,
      long offset,
      String stage,
      Instant failedAt) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(failedAt, "failedAt");
    ERROR_HEADERS.forEach(headers::remove);
    headers.add(EXCEPTION, utf8(error.getClass().getName()));
    headers.add(MESSAGE, error.getMessage() == null ? null : utf8(error.getMessage()));
    headers.add(STACKTRACE, utf8(stackTrace(error)));
    headers.add(TOPIC, utf8(topic));
    headers.add(PARTITION, utf8(String.valueOf(partition)));
    headers.add(OFFSET, utf8(String.valueOf(offset)));
    headers.add(STAGE, utf8(stage));
    headers.add(TIMESTAMP, utf8(String.valueOf(failedAt.toEpochMilli())));
  }

  /**
   * Reads the error headers of a dead letter back, whether a plain-consumer stage or Kafka Streams
   * wrote it; empty when the headers carry no exception header (not a dead letter).
   *
   * @throws IllegalArgumentException when a numeric header does not hold a number
   */
  public static Optional<DeadLetter> read(Headers headers) {
    Optional<String> exception = text(headers, EXCEPTION);
    if (exception.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DeadLetter(
            exception.get(),
            text(headers, MESSAGE).orElse(""),
            text(headers, STACKTRACE).orElse(""),
            text(headers, TOPIC).orElse(""),
            number(headers, PARTITION).map(Long::intValue).orElse(-1),
            number(headers, OFFSET).orElse(-1L),
            text(headers, STAGE),
            number(headers, TIMESTAMP).map(Instant::ofEpochMilli)));
  }

  /**
   * The error headers of a dead letter.
   *
   * @param exceptionClass class name of the exception
   * @param message its message, empty when it had none
   * @param stackTrace its stack trace, empty when absent
   * @param topic the topic the record was read from
   * @param partition the partition, -1 when absent
   * @param offset the offset, -1 when absent
   * @param stage the stage, absent in dead letters written by plain Kafka Streams handlers
   * @param failedAt when the stage failed on it, absent likewise
   */
  public record DeadLetter(
      String exceptionClass,
      String message,
      String stackTrace,
      String topic,
      int partition,
      long offset,
      Optional<String> stage,
      Optional<Instant> failedAt) {

    public DeadLetter {
      Objects.requireNonNull(exceptionClass, "exceptionClass");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(stackTrace, "stackTrace");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(failedAt, "failedAt");
    }
  }

  static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      error.printStackTrace(writer);
    }
    String trace = out.toString();
    return trace.length() <= MAX_STACKTRACE_CHARS
        ? trace
        : trace.substring(0, MAX_STACKTRACE_CHARS) + "\n\t... (cut)";
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<String> text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static Optional<Long> number(Headers headers, String name) {
    return text(headers, name)
        .map(
            value -> {
              try {
                return Long.parseLong(value.trim());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    "dead-letter header " + name + " must be a decimal number, was '" + value + "'",
                    e);
              }
            });
  }
}
