package dev.mlpipe.cli;

import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what a test must see whole: every record of a topic from its beginning to its end, as raw
 * bytes, committed only ({@code read_committed}) or including what aborted transactions left.
 */
final class TopicRecords {

  private final String bootstrap;

  TopicRecords(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Every topic name on the broker, Kafka's internal ones included when asked. */
  List<String> topics(boolean internal) {
    try (Admin admin = admin()) {
      return admin
          .listTopics(new ListTopicsOptions().listInternal(internal))
          .names()
          .get(30, TimeUnit.SECONDS)
          .stream()
          .sorted()
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("listing the topics of " + bootstrap + ": " + e, e);
    }
  }

  /** The topic's records from the beginning to the end it has now. */
  List<ConsumerRecord<byte[], byte[]>> read(String topic, boolean committedOnly) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(committedOnly)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      return readRange(consumer, partitions, null);
    }
  }

  /**
   * How many committed records a consumer group has not consumed yet, over every partition it
   * committed an offset for. A transaction's commit marker takes an offset no consumer sees, so the
   * committed offset of a caught-up group can be below the end offset: counting the records between
   * the two tells a real lag from such a marker.
   */
  long lag(String group) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try (Admin admin = admin()) {
      committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("reading the offsets of group " + group + ": " + e, e);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(true)) {
      List<TopicPartition> partitions =
          committed.entrySet().stream()
              .filter(e -> e.getValue() != null)
              .map(Map.Entry::getKey)
              .toList();
      return readRange(consumer, partitions, committed).size();
    }
  }

  /** The sum of the committed end offsets of the pipeline's topics: grows as the pipeline works. */
  long progress() {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(true)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (var topic : Topics.ALL) {
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .forEach(partitions::add);
      }
      return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** Every consumer group id. */
  List<String> groups() {
    try (Admin admin = admin()) {
      return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
          .map(g -> g.groupId())
          .sorted()
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("listing the groups of " + bootstrap + ": " + e, e);
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readRange(
      KafkaConsumer<byte[], byte[]> consumer,
      Collection<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> from) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    if (partitions.isEmpty()) {
      return records;
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
      if (from == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, from.get(tp).offset());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + partitions + " to " + ends + " in 60 s");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < ends.get(tp)) {
          records.add(r);
        }
      }
    }
    return records;
  }

  private KafkaConsumer<byte[], byte[]> consumer(boolean committedOnly) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            committedOnly ? "read_committed" : "read_uncommitted",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
