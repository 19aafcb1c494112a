package dev.mlpipe.events.serde;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be written in, or read from, the Confluent wire format. {@link #kind()} says
 * what went wrong so a caller can decide (dead-letter a corrupt record, retry when the registry is
 * down); the message names the topic, and the partition and offset where they are known.
 */
public class WireFormatException extends SerializationException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The first byte is not the wire format's magic byte 0. */
    WRONG_MAGIC_BYTE,
    /** The payload ends before the header or the Avro body does. */
    TRUNCATED,
    /** The schema id in the header is not known to the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as the expected type. */
    SCHEMA_MISMATCH,
    /** The Avro body is not a valid encoding of the writer schema. */
    CORRUPT_AVRO,
    /** The schema registry could not be reached. */
    REGISTRY_UNAVAILABLE,
    /** The registry answered with an error other than the ones above. */
    REGISTRY_ERROR,
    /** Auto-registration is off and the record's schema is not registered under its subject. */
    SCHEMA_NOT_REGISTERED,
    /** The registry refused to register the schema as incompatible with the subject's versions. */
    INCOMPATIBLE_SCHEMA,
    /** The value to serialize is not a valid record of its schema (a required field is null...). */
    INVALID_RECORD
  }

  private final Kind kind;
  private final String topic;
  private final int partition;
  private final long offset;

  /**
   * @param kind what went wrong
   * @param topic the topic the record belongs to
   * @param partition the partition, or -1 when not known
   * @param offset the offset, or -1 when not known
   * @param detail what happened and what to do
   * @param cause the underlying failure, or null
   */
  public WireFormatException(
      Kind kind, String topic, int partition, long offset, String detail, Throwable cause) {
    super(message(kind, topic, partition, offset, detail), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The topic of the record. */
  public String topic() {
    return topic;
  }

  /** The partition of the record, when known. */
  public OptionalInt partition() {
    return partition < 0 ? OptionalInt.empty() : OptionalInt.of(partition);
  }

  /** The offset of the record, when known. */
  public OptionalLong offset() {
    return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  private static String message(
      Kind kind, String topic, int partition, long offset, String detail) {
    StringBuilder b =
        new StringBuilder().append(kind).append(": topic '").append(topic).append('\'');
    if (partition >= 0) {
      b.append(" partition ").append(partition);
    }
    if (offset >= 0) {
      b.append(" offset ").append(offset);
    }
    return b.append(": ").append(detail).toString();
  }
}
