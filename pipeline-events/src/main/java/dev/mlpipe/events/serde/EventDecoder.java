package dev.mlpipe.events.serde;

/**
 * Decodes a record value read from Kafka, naming where it came from when it cannot: Kafka's {@code
 * Deserializer} is not told the partition and offset, the stage runtime and the CLI are.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface EventDecoder<T> {

  /**
   * Decodes a value.
   *
   * @return the value, or null for a null payload (a tombstone)
   * @throws WireFormatException naming topic, partition and offset when the bytes cannot be decoded
   */
  T decode(String topic, int partition, long offset, byte[] bytes);
}
