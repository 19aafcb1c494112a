package dev.mlpipe.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.drift.alert.RecordingServer;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift monitor on a real broker and registry, started as {@code mlpipe up} starts it: a
 * training reference, then a window of shifted predictions, gives exactly one DriftDetected of kind
 * DATA under exactly-once, and one alert on the configured JSON webhook.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DriftMonitorIT {

  private static final String MODEL = "recommender";
  private static final String VERSION = "v7";
  private static final int WINDOW = 1_000;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;

  @TempDir Path dataDir;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url())) {
      new SchemaSetup(client).registerCatalogue();
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishOneDataDriftForAWindowOfShiftedPredictionsAndAlertTheWebhookOnce()
      throws Exception {
    RecordingServer webhook = new RecordingServer();
    StageEnvironment env =
        new StageEnvironment(
            kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "it-1");
    PipelineConfig config =
        PipelineConfig.load(
            "dev",
            Optional.of(Path.of("..", "config")),
            Map.of(
                "MLPIPE_DRIFT_MONITOR_WINDOW",
                "count",
                "MLPIPE_DRIFT_MONITOR_WINDOW_COUNT",
                String.valueOf(WINDOW),
                "MLPIPE_ALERTS_JSON_WEBHOOK_URL",
                webhook.url().toString()));
    try (webhook;
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url());
        KafkaProducer<String, byte[]> producer = producer();
        RunningStage stage = DriftMonitorApp.start(env, config)) {
      EventSerdes serdes = new EventSerdes(client);
      send(
          producer,
          Topics.TRAINING_FINISHED.name(),
          serdes
              .valueSerializer(Topics.TRAINING_FINISHED)
              .serialize(Topics.TRAINING_FINISHED.name(), trainingFinished()));
      // The reference reaches the window's task through a repartition topic; predictions of a
      // real deployment come minutes after their TrainingFinished, so wait for it here.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !readAll("drift-monitor-drift-references-changelog").isEmpty());
      // Alerts start from the latest offsets: wait until the alert consumer has its partitions.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(DriftMonitorIT::alertConsumerIsAssigned);

      Random random = new Random(11);
      for (int i = 0; i < WINDOW; i++) {
        PredictionLogged prediction =
            PredictionLogged.newBuilder(SampleEvents.predictionLogged())
                .setModel(MODEL)
                .setVersion(VERSION)
                .setPredictionId("p-" + i)
                .setNumericInputs(
                    Map.of(
                        "user", 400 + 100 * (random.nextGaussian() + 0.8),
                        "item", 800 + 200 * (random.nextGaussian() + 0.8)))
                .setCategoricalInputs(Map.of())
                .setOutputScore(3.5 + 0.8 * random.nextGaussian())
                .build();
        send(
            producer,
            Topics.PREDICTION_LOGGED.name(),
            serdes
                .valueSerializer(Topics.PREDICTION_LOGGED)
                .serialize(Topics.PREDICTION_LOGGED.name(), prediction));
      }
      producer.flush();

      List<DriftDetected> events = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                events.clear();
                for (ConsumerRecord<String, byte[]> record :
                    readAll(Topics.DRIFT_DETECTED.name())) {
                  events.add(
                      serdes
                          .valueDeserializer(Topics.DRIFT_DETECTED)
                          .deserialize(record.topic(), record.value()));
                }
                assertThat(events).isNotEmpty();
              });
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getKind()).isEqualTo(DriftKind.DATA);
      assertThat(events.get(0).getSeverity()).isEqualTo(DriftSeverity.DRIFT);
      assertThat(events.get(0).getSampleSize()).isEqualTo(WINDOW);
      assertThat(stage.isRunning()).isTrue();

      await().atMost(Duration.ofSeconds(30)).until(() -> !webhook.requests.isEmpty());
      assertThat(webhook.requests).hasSize(1);
      assertThat(webhook.requests.peek().body())
          .contains(events.get(0).getMeta().getEventId())
          .contains("DriftDetected");
    }
  }

  private static boolean alertConsumerIsAssigned() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(DriftMonitorApp.ALERTS_GROUP))
              .all()
              .get()
              .get(DriftMonitorApp.ALERTS_GROUP);
      return group.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) {
    producer.send(new ProducerRecord<>(topic, MODEL, value));
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        EventSerdes.keySerializer(),
        new ByteArraySerializer());
  }

  /** Every committed record of a topic, from the beginning. */
  private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    } catch (TimeoutException e) {
      // The changelog topic does not exist until Kafka Streams has created it.
      return records;
    }
    return records;
  }

  private static TrainingFinished trainingFinished() {
    Random random = new Random(42);
    double[] users = new double[20_000];
    double[] items = new double[20_000];
    double[] scores = new double[20_000];
    for (int i = 0; i < users.length; i++) {
      users[i] = 400 + 100 * random.nextGaussian();
      items[i] = 800 + 200 * random.nextGaussian();
      scores[i] = 3.5 + 0.8 * random.nextGaussian();
    }
    return TrainingFinished.newBuilder(SampleEvents.trainingFinished())
        .setModel(MODEL)
        .setVersion(VERSION)
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(users.length)
                .setFeatures(List.of(histogram("user", users), histogram("item", items)))
                .setPrediction(histogram("prediction", scores))
                .build())
        .build();
  }

  private static FeatureProfile histogram(String name, double[] values) {
    double min = Arrays.stream(values).min().orElseThrow();
    double max = Arrays.stream(values).max().orElseThrow();
    int bins = 10;
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= bins; i++) {
      edges.add(min + (max - min) * i / bins);
    }
    long[] counts = new long[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - min) / (max - min) * bins))]++;
    }
    return FeatureProfile.newBuilder()
        .setName(name)
        .setKind(FeatureKind.NUMERIC)
        .setCount(values.length)
        .setBinEdges(edges)
        .setBinCounts(Arrays.stream(counts).boxed().toList())
        .setMin(min)
        .setMax(max)
        .build();
  }
}
