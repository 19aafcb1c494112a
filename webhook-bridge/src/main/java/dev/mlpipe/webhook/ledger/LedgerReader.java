package dev.mlpipe.webhook.ledger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the committed ledger entries (read_committed), from the beginning at first and then on from
 * where it stopped, into a map of key to entry. Used by the ledger's one committer thread only.
 */
final class LedgerReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final String bootstrapServers;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;

  LedgerReader(String bootstrapServers, String topic, Map<String, Object> kafka) {
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      this.partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic " + topic + " does not exist; create it before the bridge");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (KafkaException | IllegalStateException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw failure(e);
    }
  }

  /** How many partitions the ledger topic has. */
  int partitionCount() {
    return partitions.size();
  }

  /**
   * Reads every partition up to its last stable offset as of now: every transaction completed
   * before this call is seen.
   *
   * @throws IllegalStateException naming the topic when it cannot be read in time
   */
  void catchUp(Map<String, LedgerEntry> into) {
    try {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end " + end + " in " + TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, into);
        }
      }
    } catch (KafkaException e) {
      throw failure(e);
    }
  }

  private static void apply(ConsumerRecord<String, byte[]> record, Map<String, LedgerEntry> into) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      into.remove(record.key());
      return;
    }
    try {
      into.put(record.key(), LedgerEntry.fromBytes(record.value()));
    } catch (IllegalArgumentException e) {
      log.warn(
          "webhook ledger: record {}-{}@{} is not a ledger entry ({}); its key {} is treated as"
              + " published",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage(),
          record.key());
      into.put(record.key(), new LedgerEntry("unknown", "unknown", record.timestamp(), null));
    }
  }

  private IllegalStateException failure(RuntimeException e) {
    return new IllegalStateException(
        "the webhook bridge cannot read its ledger "
            + topic
            + " on "
            + bootstrapServers
            + ": "
            + e.getMessage(),
        e);
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
