package dev.mlpipe.console.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listing and replaying dead letters on a real broker. */
@Timeout(90)
class DeadLetterQueueIT {

  private static EmbeddedKafka kafka;
  private static DeadLetterQueue dlq;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    dlq = DeadLetterQueue.connect(kafka.bootstrapServers(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (dlq != null) {
      dlq.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldListReplayOneAndReplayAllOnlyOnce() throws Exception {
    String dlqTopic = Topics.TRAINING_FINISHED.deadLetterTopic();
    String source = Topics.TRAINING_FINISHED.name();
    String marker = "payload-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      deadLetter(dlqTopic, source, marker + "-" + i);
    }

    List<DeadLetterEntry> listed = dlq.list(dlqTopic, 10);
    assertThat(listed).hasSize(3);
    assertThat(listed.get(0).error())
        .hasValueSatisfying(
            e -> {
              assertThat(e.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
              assertThat(e.message()).isEqualTo("the gate policy cannot be read");
              assertThat(e.stage()).contains("gatekeeper");
            });
    assertThat(dlq.queues())
        .anySatisfy(
            q -> {
              assertThat(q.topic()).isEqualTo(dlqTopic);
              assertThat(q.records()).isEqualTo(3);
            });

    DeadLetterQueue.Replayed one = dlq.replay(dlqTopic, 0, listed.get(1).offset());
    assertThat(one.to()).isEqualTo(source);
    List<ConsumerRecord<byte[], byte[]>> back = readAll(source, 1);
    assertThat(text(back.get(0).value())).isEqualTo(marker + "-1");
    assertThat(text(back.get(0).key())).isEqualTo("recommender");
    assertThat(back.get(0).headers().lastHeader(DeadLetters.EXCEPTION)).isNull();
    assertThat(text(back.get(0).headers().lastHeader(Replays.REPLAYED_FROM).value()))
        .isEqualTo(dlqTopic + "-0@" + listed.get(1).offset());

    List<DeadLetterQueue.Replayed> all = dlq.replayAll(dlqTopic);
    assertThat(all).hasSize(3);
    assertThat(dlq.replayAll(dlqTopic)).as("a second --all replays nothing twice").isEmpty();
    deadLetter(dlqTopic, source, marker + "-3");
    assertThat(dlq.replayAll(dlqTopic)).hasSize(1);

    assertThat(readAll(source, 5))
        .extracting(r -> text(r.value()))
        .containsExactly(marker + "-1", marker + "-0", marker + "-1", marker + "-2", marker + "-3");
  }

  @Test
  void shouldSayWhatIsWrongWithAReplayOfNothing() {
    String dlqTopic = Topics.FEEDBACK.deadLetterTopic();

    assertThatThrownBy(() -> dlq.replay(dlqTopic, 0, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no record at offset 99");
    assertThatThrownBy(() -> dlq.replay(Topics.FEEDBACK.name(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the dead-letter topic");
  }

  private static void deadLetter(String dlqTopic, String source, String value) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers,
        new IllegalStateException("the gate policy cannot be read"),
        source,
        0,
        12,
        "gatekeeper",
        Instant.now());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  dlqTopic,
                  0,
                  "recommender".getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8),
                  headers))
          .get();
    }
  }

  /** The first {@code count} records of every partition of the topic, in offset order per key. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
