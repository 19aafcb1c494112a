package dev.mlpipe.console.dlq;

import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topics of a cluster: what they hold, and replays. A single dead letter is
 * replayed by its offset as often as asked; {@link #replayAll} replays the ones not replayed by an
 * earlier {@code replayAll} (it keeps its position as the consumer group {@value #GROUP}), so
 * running it twice does not send a dead letter back twice.
 */
public final class DeadLetterQueue implements AutoCloseable {

  /** The consumer group whose committed offsets say how far {@link #replayAll} got. */
  public static final String GROUP = "mlpipe-dlq-replay";

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String bootstrap;
  private final Clock clock;
  private final KafkaProducer<byte[], byte[]> producer;

  private DeadLetterQueue(String bootstrap, Clock clock) {
    this.bootstrap = bootstrap;
    this.clock = clock;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.CLIENT_ID_CONFIG,
                "mlpipe-dlq-replay-" + UUID.randomUUID(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Connects (lazily: nothing is sent before the first call). */
  public static DeadLetterQueue connect(String bootstrap, Clock clock) {
    return new DeadLetterQueue(
        Objects.requireNonNull(bootstrap, "bootstrap"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * A dead-letter topic and how many records it holds.
   *
   * @param topic the dead-letter topic
   * @param source the topic its records failed on
   * @param records records between its start and end offsets
   */
  public record QueueSummary(String topic, String source, long records) {}

  /**
   * One replayed dead letter.
   *
   * @param from the dead letter, {@code <topic>-<partition>@<offset>}
   * @param to the topic it went back to
   * @param partition the partition it landed on
   * @param offset its new offset
   */
  public record Replayed(String from, String to, int partition, long offset) {}

  /** Every existing dead-letter topic of the catalogue, with its record count. */
  public List<QueueSummary> queues() {
    List<QueueSummary> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
      Map<String, List<PartitionInfo>> existing = consumer.listTopics(TIMEOUT);
      for (Topic<?> topic : Topics.ALL) {
        List<PartitionInfo> infos = existing.get(topic.deadLetterTopic());
        if (infos == null) {
          continue;
        }
        List<TopicPartition> tps = infos.stream().map(DeadLetterQueue::tp).toList();
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, TIMEOUT);
        Map<TopicPartition, Long> start = consumer.beginningOffsets(tps, TIMEOUT);
        long count = tps.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
        out.add(new QueueSummary(topic.deadLetterTopic(), topic.name(), count));
      }
    } catch (KafkaException e) {
      throw unreachable(e);
    }
    return out;
  }

  /** The first {@code max} dead letters of a dead-letter topic, partition by partition. */
  public List<DeadLetterEntry> list(String topic, int max) {
    requireDeadLetterTopic(topic);
    List<DeadLetterEntry> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
      List<TopicPartition> tps = partitions(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, TIMEOUT);
      for (TopicPartition tp : tps) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        readTo(consumer, tp, end.get(tp), max - out.size(), r -> out.add(entry(r)));
        if (out.size() >= max) {
          break;
        }
      }
    } catch (KafkaException e) {
      throw unreachable(e);
    }
    return out;
  }

  /**
   * Replays one dead letter.
   *
   * @throws IllegalArgumentException when there is no record at that offset
   */
  public Replayed replay(String topic, int partition, long offset) {
    requireDeadLetterTopic(topic);
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
      if (partitions(consumer, topic).stream().noneMatch(tp::equals)) {
        throw new IllegalArgumentException(topic + " has no partition " + partition);
      }
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
      if (offset >= end) {
        throw new IllegalArgumentException(
            topic + "-" + partition + " has no record at offset " + offset + " (end " + end + ")");
      }
      consumer.seek(tp, offset);
      List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
      readTo(consumer, tp, offset + 1, 1, found::add);
      if (found.isEmpty() || found.get(0).offset() != offset) {
        throw new IllegalArgumentException(
            topic
                + "-"
                + partition
                + " has no committed record at offset "
                + offset
                + " (deleted by retention, or a transaction marker)");
      }
      return send(found.get(0));
    } catch (KafkaException e) {
      throw unreachable(e);
    }
  }

  /**
   * Replays every dead letter of the topic that no earlier {@code replayAll} replayed, up to the
   * topic's end now, and remembers how far it got.
   */
  public List<Replayed> replayAll(String topic) {
    requireDeadLetterTopic(topic);
    List<Replayed> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(GROUP)) {
      List<TopicPartition> tps = partitions(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, TIMEOUT);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(tps), TIMEOUT);
      consumer.assign(tps);
      for (TopicPartition tp : tps) {
        OffsetAndMetadata c = committed.get(tp);
        if (c == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, c.offset());
        }
      }
      for (TopicPartition tp : tps) {
        consumer.pause(tps);
        consumer.resume(List.of(tp));
        readTo(consumer, tp, end.get(tp), Integer.MAX_VALUE, r -> out.add(send(r)));
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(consumer.position(tp))), TIMEOUT);
      }
    } catch (KafkaException e) {
      throw unreachable(e);
    }
    return out;
  }

  private Replayed send(ConsumerRecord<byte[], byte[]> deadLetter) {
    try {
      RecordMetadata m =
          producer
              .send(Replays.of(deadLetter, clock.instant()))
              .get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      return new Replayed(Replays.origin(deadLetter), m.topic(), m.partition(), m.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while replaying " + Replays.origin(deadLetter), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "could not replay " + Replays.origin(deadLetter) + ": " + cause, cause);
    }
  }

  private static void readTo(
      KafkaConsumer<byte[], byte[]> consumer,
      TopicPartition tp,
      long end,
      int max,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    int taken = 0;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (taken < max && consumer.position(tp, TIMEOUT) < end) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + tp + " to offset " + end + " within " + TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
        if (taken < max && r.offset() < end) {
          sink.accept(r);
          taken++;
        }
      }
    }
  }

  private static DeadLetterEntry entry(ConsumerRecord<byte[], byte[]> r) {
    Optional<DeadLetters.DeadLetter> error;
    try {
      error = DeadLetters.read(r.headers());
    } catch (IllegalArgumentException e) {
      error = Optional.empty();
    }
    Header replayed = r.headers().lastHeader(Replays.REPLAYED_FROM);
    return new DeadLetterEntry(
        r.topic(),
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        r.value() == null ? 0 : r.value().length,
        error,
        Optional.ofNullable(replayed).map(h -> new String(h.value(), StandardCharsets.UTF_8)));
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.listTopics(TIMEOUT).get(topic);
    if (infos == null) {
      throw new IllegalArgumentException(
          "there is no topic " + topic + " on " + bootstrap + "; `mlpipe dlq list` shows them");
    }
    return infos.stream()
        .map(DeadLetterQueue::tp)
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  private static TopicPartition tp(PartitionInfo info) {
    return new TopicPartition(info.topic(), info.partition());
  }

  private static void requireDeadLetterTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (!Topics.isDeadLetterTopic(topic)
        || Topics.byName(Topics.sourceOfDeadLetterTopic(topic)).isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + topic
              + "' is not the dead-letter topic of a pipeline topic; `mlpipe dlq list` shows them");
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-dlq-" + UUID.randomUUID());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private IllegalStateException unreachable(KafkaException e) {
    return new IllegalStateException(
        "Kafka at " + bootstrap + " did not answer: " + e.getMessage() + "; is it running?", e);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
