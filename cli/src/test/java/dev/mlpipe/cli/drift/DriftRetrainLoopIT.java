package dev.mlpipe.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.drift.DriftMonitorApp;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.config.PipelineConfig;
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
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.TrainerApp;
import dev.mlpipe.trainer.TrainerSettings;
import dev.mlpipe.trainer.run.LoggingRunObserver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift loop on a real broker: the drift monitor and the trainer started as {@code mlpipe up}
 * starts them (one StageEnvironment, the shipped dev configuration with a count window), a model
 * the trainer trained and that serves production, then a window of predictions whose users and
 * scores have shifted: the drift monitor publishes DriftDetected and the trainer answers with
 * TrainingStarted(DRIFT) in a new run caused by it, then its TrainingFinished; {@code mlpipe
 * retrain} then retrains once more.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DriftRetrainLoopIT {

  private static final String MODEL = "loop-recsys";
  private static final int WINDOW = 500;
  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final String SPEC =
      """
      model: loop-recsys
      seed: 42
      data:
        generate: {shape: movielens-100k}
      recipe: recommender-sgd-mf
      hyperParameters: {rank: 8, epochs: 3}
      """;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;

  @TempDir Path dataDir;
  @TempDir Path repoDir;

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
  void shouldRetrainTheServingModelWhenTheDriftMonitorSeesAWindowOfShiftedPredictions()
      throws Exception {
    String sha;
    Files.writeString(repoDir.resolve("mlpipe.yaml"), SPEC);
    try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      sha =
          git.commit()
              .setMessage("a model")
              .setAuthor("Ada", "ada@example.com")
              .setCommitter("Ada", "ada@example.com")
              .setSign(false)
              .call()
              .getName();
    }
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
                String.valueOf(WINDOW)));
    // The trainer starts in the background and trains the commit while the drift monitor starts.
    try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url());
        RunningStage trainer =
            TrainerApp.start(env, TrainerSettings.from(config), new LoggingRunObserver())) {
      EventSerdes serdes = new EventSerdes(client);
      CommitPushed commit =
          CommitPushed.newBuilder(SampleEvents.commitPushed())
              .setMeta(meta())
              .setModel(MODEL)
              .setRepo(repoDir.toString())
              .setSha(sha)
              .setSpecPath("mlpipe.yaml")
              .setPullRequest(null)
              .build();
      publish(serdes, Topics.COMMIT, List.of(commit));
      try (RunningStage drift = DriftMonitorApp.start(env, config)) {
        loop(serdes, commit, sha, trainer, drift);
      }
    }
  }

  /** From the trained commit to its retrains. */
  private void loop(
      EventSerdes serdes, CommitPushed commit, String sha, RunningStage trainer, RunningStage drift)
      throws Exception {
    TrainingFinished v1 =
        await()
            .atMost(AWAIT)
            .until(() -> readAll(serdes, Topics.TRAINING_FINISHED), f -> !f.isEmpty())
            .get(0);
    publish(
        serdes,
        Topics.MODEL_DEPLOYED,
        List.of(
            ModelDeployed.newBuilder(SampleEvents.modelDeployed())
                .setMeta(meta())
                .setModel(MODEL)
                .setVersion(v1.getVersion())
                .setArtifact(v1.getArtifact())
                .setEnvironment(Environment.PRODUCTION)
                .setStrategy(RolloutStrategy.DIRECT)
                .setTrafficPercent(100)
                .setPreviousVersion(null)
                .build()));
    // The reference reaches the window's task through a repartition topic; a real deployment's
    // predictions come well after its TrainingFinished, so wait for it here.
    await()
        .atMost(AWAIT)
        .until(() -> changelogHasRecords("drift-monitor-drift-references-changelog"));

    List<PredictionLogged> shifted = new ArrayList<>();
    for (int i = 0; i < WINDOW; i++) {
      shifted.add(
          PredictionLogged.newBuilder(SampleEvents.predictionLogged())
              .setMeta(meta())
              .setModel(MODEL)
              .setVersion(v1.getVersion())
              .setPredictionId("p-" + i)
              .setNumericInputs(Map.of("k", 10.0))
              // All traffic from three users who are new to the model, all scored high.
              .setCategoricalInputs(Map.of("user", String.valueOf(5_000 + i % 3)))
              .setOutputScore(4.9 + (i % 10) / 100.0)
              .setOutputItems(List.of("1", "2"))
              .setFallback(true)
              .build());
    }
    publish(serdes, Topics.PREDICTION_LOGGED, shifted);

    List<DriftDetected> drifts =
        await()
            .atMost(AWAIT)
            .until(
                () ->
                    readAll(serdes, Topics.DRIFT_DETECTED).stream()
                        .filter(d -> d.getSeverity() == DriftSeverity.DRIFT)
                        .toList(),
                d -> !d.isEmpty());
    Set<String> driftEvents =
        drifts.stream().map(d -> d.getMeta().getEventId()).collect(Collectors.toSet());

    TrainingStarted retrain =
        await()
            .atMost(AWAIT)
            .until(
                () ->
                    readAll(serdes, Topics.TRAINING_STARTED).stream()
                        .filter(s -> s.getTrigger() == TrainingTrigger.DRIFT)
                        .toList(),
                s -> !s.isEmpty())
            .get(0);
    assertThat(retrain.getModel()).isEqualTo(MODEL);
    assertThat(retrain.getCommitSha()).isEqualTo(sha);
    assertThat(retrain.getMeta().getRunId()).isNotEqualTo(commit.getMeta().getRunId());
    assertThat(driftEvents).contains(retrain.getMeta().getCausationId());

    TrainingFinished retrained =
        await()
            .atMost(AWAIT)
            .until(
                () ->
                    readAll(serdes, Topics.TRAINING_FINISHED).stream()
                        .filter(f -> f.getTrigger() == TrainingTrigger.DRIFT)
                        .toList(),
                f -> !f.isEmpty())
            .get(0);
    assertThat(retrained.getMeta().getRunId()).isEqualTo(retrain.getMeta().getRunId());
    assertThat(retrained.getVersion()).isNotEqualTo(v1.getVersion());

    // A person asks for one more: `mlpipe retrain`, not held back by the drift cooldown.
    CommandLineRun asked =
        CommandLineRun.of(
            "retrain",
            MODEL,
            "--reason",
            "more feedback",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--registry",
            registry.url());
    assertThat(asked.exitCode()).as(asked.out() + asked.err()).isZero();
    assertThat(
            await()
                .atMost(AWAIT)
                .until(
                    () ->
                        readAll(serdes, Topics.TRAINING_FINISHED).stream()
                            .filter(f -> f.getTrigger() == TrainingTrigger.RETRAIN_COMMAND)
                            .toList(),
                    f -> !f.isEmpty()))
        .singleElement()
        .satisfies(f -> assertThat(f.getCommitSha()).isEqualTo(sha));
    assertThat(drift.isRunning()).isTrue();
    assertThat(trainer.isRunning()).isTrue();
  }

  private static EventMeta meta() {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(UUID.randomUUID().toString())
        .setCausationId(null)
        .setOccurredAt(Instant.now())
        .setProducer("drift-loop-it")
        .build();
  }

  private static <V extends SpecificRecord> void publish(
      EventSerdes serdes, Topic<V> topic, List<V> events) throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                "5"),
            new StringSerializer(),
            serdes.valueSerializer(topic))) {
      for (V event : events) {
        producer.send(new ProducerRecord<>(topic.name(), MODEL, event));
      }
      producer.flush();
    }
  }

  /** Every committed event of a catalogue topic, from the beginning. */
  private static <V extends SpecificRecord> List<V> readAll(EventSerdes serdes, Topic<V> topic) {
    List<V> values = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            readCommitted(), new StringDeserializer(), serdes.valueDeserializer(topic))) {
      readToEnd(consumer, topic.name(), r -> values.add(r));
    }
    return values;
  }

  private static boolean changelogHasRecords(String topic) {
    List<Object> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            readCommitted(),
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      readToEnd(consumer, topic, records::add);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return false; // Kafka Streams has not created it yet
    }
    return !records.isEmpty();
  }

  private static Map<String, Object> readCommitted() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  private static <V> void readToEnd(
      KafkaConsumer<String, V> consumer, String topic, java.util.function.Consumer<V> sink) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
        && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> sink.accept(r.value()));
    }
  }
}
