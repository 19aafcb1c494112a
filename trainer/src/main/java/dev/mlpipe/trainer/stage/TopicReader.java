package dev.mlpipe.trainer.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their beginning up to their ends as of each call, committed records only, with
 * a consumer of no group (it commits nothing and joins nothing). Each {@link #readToEnd} goes on
 * where the previous one stopped, so a long-lived reader folds a topic incrementally. Values stay
 * bytes: the caller decodes only what it keeps.
 */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<String> topics;
  private final Duration timeout;
  private boolean assigned;

  /**
   * @param bootstrapServers Kafka
   * @param clientId the consumer's client id
   * @param kafka pass-through client properties
   * @param topics the topics to read (every partition)
   * @param timeout how long one {@link #readToEnd} may take
   */
  TopicReader(
      String bootstrapServers,
      String clientId,
      Map<String, String> kafka,
      List<String> topics,
      Duration timeout) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.topics = List.copyOf(topics);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Hands every record committed up to now (and possibly a few more) that this reader has not yet
   * handed, in partition order.
   *
   * @throws TimeoutException when the topics cannot be read to their ends within the timeout
   */
  void readToEnd(Consumer<ConsumerRecord<String, byte[]>> sink) {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!assigned) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos != null) {
          infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      assigned = true;
    }
    List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "could not read " + topics + " to their ends " + end + " within " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(sink);
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
