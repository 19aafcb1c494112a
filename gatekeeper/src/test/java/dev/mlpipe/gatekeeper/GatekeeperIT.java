package dev.mlpipe.gatekeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gatekeeper on a real broker and registry, started as {@code mlpipe up} starts it: a
 * TrainingFinished pointing at a real artifact becomes one committed verdict, the champion deployed
 * before it is compared with, and the same candidate published again yields nothing more.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatekeeperIT {

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient client;
  private static EventSerdes serdes;

  @TempDir Path dataDir;

  @BeforeAll
  static void startKafkaAndRegistry() {
    kafka = EmbeddedKafka.startTemporary();
    registry = EmbeddedSchemaRegistry.startInMemory();
    client = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(client).registerCatalogue();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    serdes = new EventSerdes(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishOneVerdictPerCandidateComparedWithTheDeployedChampion() {
    StageEnvironment env =
        new StageEnvironment(
            kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "it-1");
    TestCandidates candidates = new TestCandidates(env.artifactDir());
    Map<String, Double> championMetrics = new HashMap<>(candidates.honestMetrics());
    championMetrics.put("rmse", candidates.rmse() * 0.8);

    try (RunningStage gatekeeper = GatekeeperApp.start(env)) {
      assertThat(gatekeeper.isRunning()).isTrue();
      send(Topics.MODEL_DEPLOYED, TestCandidates.deployed("v0", 100, championMetrics));
      TrainingFinished v1 = candidates.finished("v1", null);
      send(Topics.TRAINING_FINISHED, v1);

      List<ValidationFailed> failed = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> failed.addAll(poll(Topics.VALIDATION_FAILED)) || !failed.isEmpty());
      ValidationFailed verdict = failed.get(0);
      assertThat(verdict.getVersion()).isEqualTo("v1");
      assertThat(verdict.getMeta().getCausationId()).isEqualTo(v1.getMeta().getEventId());
      assertThat(verdict.getReport().getChampionVersion()).isEqualTo("v0");
      assertThat(verdict.getReport().getChecks())
          .filteredOn(c -> !c.getPassed())
          .extracting(GateCheck::getName)
          .containsExactly("rmse_vs_champion");

      send(Topics.TRAINING_FINISHED, v1);
      send(Topics.TRAINING_FINISHED, candidates.finished("v2", "compareToChampion: false\n"));
      List<ValidationPassed> passed = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> passed.addAll(poll(Topics.VALIDATION_PASSED)) || !passed.isEmpty());
      assertThat(passed).extracting(ValidationPassed::getVersion).containsExactly("v2");
      assertThat(poll(Topics.VALIDATION_FAILED))
          .as("v1 arrived again before v2 (same key, same partition) and was not judged twice")
          .isEmpty();

      // v2 reaches all of production and is rolled back to v0: v0 is the champion again.
      send(Topics.MODEL_DEPLOYED, TestCandidates.deployed("v2", 100, Map.of("rmse", 0.0001)));
      send(
          Topics.ROLLED_BACK,
          RolledBack.newBuilder(SampleEvents.rolledBack())
              .setModel(TestCandidates.MODEL)
              .setFromVersion("v2")
              .setToVersion("v0")
              .setEnvironment(Environment.PRODUCTION)
              .build());
      send(Topics.TRAINING_FINISHED, candidates.finished("v3", null));
      List<ValidationFailed> afterRollback = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  afterRollback.addAll(poll(Topics.VALIDATION_FAILED)) || !afterRollback.isEmpty());
      assertThat(afterRollback.get(0).getVersion()).isEqualTo("v3");
      assertThat(afterRollback.get(0).getReport().getChampionVersion())
          .as("compared with the version traffic went back to, not the rolled-back v2")
          .isEqualTo("v0");
    }
  }

  @AfterEach
  void closeConsumers() {
    consumers.values().forEach(KafkaConsumer::close);
  }

  private static <V extends SpecificRecord> void send(Topic<V> topic, V value) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(config, new StringSerializer(), serdes.valueSerializer(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), TestCandidates.MODEL, value)).get();
    } catch (Exception e) {
      throw new AssertionError("cannot send to " + topic + ": " + e.getMessage(), e);
    }
  }

  private final Map<String, KafkaConsumer<String, ? extends SpecificRecord>> consumers =
      new HashMap<>();

  /** The committed records that arrived on the topic since the last poll. */
  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> List<V> poll(Topic<V> topic) {
    KafkaConsumer<String, V> consumer =
        (KafkaConsumer<String, V>)
            consumers.computeIfAbsent(
                topic.name(),
                name -> {
                  Map<String, Object> config = new HashMap<>();
                  config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                  config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                  config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                  config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + name);
                  KafkaConsumer<String, V> c =
                      new KafkaConsumer<>(
                          config, new StringDeserializer(), serdes.valueDeserializer(topic));
                  c.subscribe(List.of(name));
                  return c;
                });
    List<V> values = new ArrayList<>();
    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    return values;
  }
}
