package dev.mlpipe.events.runtime;

import static dev.mlpipe.events.runtime.KafkaTestSupport.committed;
import static dev.mlpipe.events.runtime.KafkaTestSupport.endOffsets;
import static dev.mlpipe.events.runtime.KafkaTestSupport.readAll;
import static dev.mlpipe.events.runtime.KafkaTestSupport.send;
import static dev.mlpipe.events.runtime.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.topic.TopicSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StageRuntimeIT {

  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldDeadLetterThePoisonPillAndProcessTheRecordsAroundItExactlyOnce() throws Exception {
    Topics t = topics(2);
    RecordHeaders traced = new RecordHeaders();
    traced.add("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));
    List<RecordMetadata> sent =
        send(
            kafka.bootstrapServers(),
            List.of(
                new ProducerRecord<>(t.input, 0, "recommender", "a"),
                new ProducerRecord<>(t.input, 1, "fraud", "b"),
                new ProducerRecord<>(t.input, 0, "recommender", PoisonDeserializer.POISON, traced),
                new ProducerRecord<>(t.input, 1, "fraud", UppercaseHandler.BOOM),
                new ProducerRecord<>(t.input, 0, "recommender", "c"),
                new ProducerRecord<>(t.input, 1, "fraud", "d")));
    MeterRegistry meters = new SimpleMeterRegistry();

    try (StageRuntime<String, String> stage = stage(t, FailurePolicy.DEAD_LETTER, meters)) {
      stage.start();
      awaitCommitted(t, Map.of(0, 3L, 1, 3L));
      assertThat(stage.health()).isEqualTo(StageHealth.RUNNING);
    }

    assertThat(values(kafka.bootstrapServers(), t.output, true))
        .containsExactlyInAnyOrder("A", "B", "C", "D");
    List<ConsumerRecord<String, String>> deadLetters =
        readAll(kafka.bootstrapServers(), t.input + ".dlq", true);
    assertThat(deadLetters).hasSize(2);
    ConsumerRecord<String, String> poison =
        deadLetters.stream().filter(r -> r.value().equals("poison")).findFirst().orElseThrow();
    assertThat(poison.key()).isEqualTo("recommender");
    assertThat(poison.headers().lastHeader("trace-id").value())
        .isEqualTo("t-42".getBytes(StandardCharsets.UTF_8));
    DeadLetters.DeadLetter poisonError = DeadLetters.read(poison.headers()).orElseThrow();
    assertThat(poisonError.exceptionClass()).endsWith("SerializationException");
    assertThat(poisonError.message()).contains("poison pill");
    assertThat(poisonError.topic()).isEqualTo(t.input);
    assertThat(poisonError.partition()).isEqualTo(sent.get(2).partition());
    assertThat(poisonError.offset()).isEqualTo(sent.get(2).offset());
    assertThat(poisonError.stage()).contains(t.stage);
    assertThat(poisonError.failedAt()).isPresent();
    ConsumerRecord<String, String> boom =
        deadLetters.stream().filter(r -> r.value().equals("boom")).findFirst().orElseThrow();
    DeadLetters.DeadLetter boomError = DeadLetters.read(boom.headers()).orElseThrow();
    assertThat(boomError.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(boomError.offset()).isEqualTo(sent.get(3).offset());
    assertThat(counter(meters, "mlpipe.stage.records.in")).isEqualTo(6);
    assertThat(counter(meters, "mlpipe.stage.records.out")).isEqualTo(4);
    assertThat(counter(meters, "mlpipe.stage.records.dead.lettered")).isEqualTo(2);
    assertThat(meters.find("mlpipe.stage.handling").timer().count()).isEqualTo(6);
  }

  @Test
  void shouldReportStoppedAfterClose() throws Exception {
    Topics t = topics(1);
    StageRuntime<String, String> stage =
        stage(t, FailurePolicy.DEAD_LETTER, new SimpleMeterRegistry());
    assertThat(stage.health()).isEqualTo(StageHealth.STARTING);
    stage.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> stage.health() == StageHealth.RUNNING);

    stage.close();

    assertThat(stage.awaitStopped(Duration.ofSeconds(1))).isTrue();
    assertThat(stage.health()).isEqualTo(StageHealth.STOPPED);
    assertThat(stage.failure()).isEmpty();
  }

  @Test
  void shouldStopOnTheFailingRecordAndCommitOnlyWhatCameBeforeItUnderFail() throws Exception {
    Topics t = topics(1);
    send(
        kafka.bootstrapServers(),
        List.of(
            new ProducerRecord<>(t.input, "recommender", "a"),
            new ProducerRecord<>(t.input, "recommender", UppercaseHandler.BOOM),
            new ProducerRecord<>(t.input, "recommender", "b")));

    try (StageRuntime<String, String> stage =
        stage(t, FailurePolicy.FAIL, new SimpleMeterRegistry())) {
      stage.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> stage.health() == StageHealth.FAILED);
      assertThat(stage.failure().orElseThrow())
          .hasMessageContaining(t.input + "-0@1")
          .hasMessageContaining("FAIL")
          .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    assertThat(committed(kafka.bootstrapServers(), t.stage, t.input)).isEqualTo(Map.of(0, 1L));
    assertThat(values(kafka.bootstrapServers(), t.output, true)).containsExactly("A");
    assertThat(values(kafka.bootstrapServers(), t.input + ".dlq", true)).isEmpty();
  }

  @Test
  void shouldSkipTheFailingRecordAndGoOnUnderLogAndSkip() throws Exception {
    Topics t = topics(1);
    send(
        kafka.bootstrapServers(),
        List.of(
            new ProducerRecord<>(t.input, "recommender", "a"),
            new ProducerRecord<>(t.input, "recommender", PoisonDeserializer.POISON),
            new ProducerRecord<>(t.input, "recommender", "b")));
    MeterRegistry meters = new SimpleMeterRegistry();

    try (StageRuntime<String, String> stage = stage(t, FailurePolicy.LOG_AND_SKIP, meters)) {
      stage.start();
      awaitCommitted(t, Map.of(0, 3L));
    }

    assertThat(values(kafka.bootstrapServers(), t.output, true)).containsExactly("A", "B");
    assertThat(values(kafka.bootstrapServers(), t.input + ".dlq", true)).isEmpty();
    assertThat(counter(meters, "mlpipe.stage.records.skipped")).isEqualTo(1);
    assertThat(counter(meters, "mlpipe.stage.records.out")).isEqualTo(2);
  }

  @Test
  void shouldAbortAndProcessTheBatchAgainWhenItsTransactionCannotComplete() throws Exception {
    Topics t = topics(1);
    String lateOutput = t.output + "-late";
    send(
        kafka.bootstrapServers(),
        List.of(
            new ProducerRecord<>(t.input, "recommender", "a"),
            new ProducerRecord<>(t.input, "recommender", "b"),
            new ProducerRecord<>(t.input, "recommender", "c")));
    MeterRegistry meters = new SimpleMeterRegistry();
    // The output topic does not exist yet, so every send times out and the transaction aborts.
    StageConfig config =
        config(t, FailurePolicy.DEAD_LETTER).withKafka(Map.of("max.block.ms", "1000"));

    try (StageRuntime<String, String> stage =
        new StageRuntime<>(
            config,
            new PoisonDeserializer(),
            new StringSerializer(),
            new UppercaseHandler(lateOutput),
            meters)) {
      stage.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> counter(meters, "mlpipe.stage.transactions.aborted") >= 1);
      try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
        setup.create(new TopicSetup.Spec(lateOutput, 1, Map.of()));
      }
      awaitCommitted(t, Map.of(0, 3L));
      assertThat(stage.health()).isEqualTo(StageHealth.RUNNING);
    }

    assertThat(values(kafka.bootstrapServers(), lateOutput, true)).containsExactly("A", "B", "C");
    assertThat(values(kafka.bootstrapServers(), t.input + ".dlq", true)).isEmpty();
  }

  private static void awaitCommitted(Topics t, Map<Integer, Long> offsets) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(committed(kafka.bootstrapServers(), t.stage, t.input))
                    .isEqualTo(offsets));
    assertThat(offsets).isEqualTo(uncheckedEndOffsets(t.input, offsets.size()));
  }

  private static Map<Integer, Long> uncheckedEndOffsets(String topic, int partitions) {
    try {
      return endOffsets(kafka.bootstrapServers(), topic, partitions);
    } catch (Exception e) {
      throw new AssertionError("cannot read end offsets of " + topic, e);
    }
  }

  private static StageRuntime<String, String> stage(
      Topics t, FailurePolicy policy, MeterRegistry meters) {
    return new StageRuntime<>(
        config(t, policy),
        new PoisonDeserializer(),
        new StringSerializer(),
        new UppercaseHandler(t.output),
        meters);
  }

  private static StageConfig config(Topics t, FailurePolicy policy) {
    return StageConfig.of(t.stage, kafka.bootstrapServers(), List.of(t.input))
        .withFailurePolicy(policy)
        .withPolling(10, Duration.ofSeconds(30));
  }

  private static double counter(MeterRegistry meters, String name) {
    return meters.find(name).counter().count();
  }

  /** Unique topics and stage of one test. */
  private record Topics(String stage, String input, String output) {}

  private static Topics topics(int partitions) {
    int n = UNIQUE.incrementAndGet();
    Topics t = new Topics("stage-" + n, "test.input-" + n, "test.output-" + n);
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      setup.create(
          new TopicSetup.Spec(t.input, partitions, Map.of()),
          TopicSetup.Spec.deadLetterOf(t.input, partitions),
          new TopicSetup.Spec(t.output, partitions, Map.of()));
    }
    return t;
  }
}
