package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.serving.ServingServer;
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
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.ValidationPassed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployer on a real broker and registry: validated versions reach production (the first
 * directly, the next through the canary steps), serving answers with the version, a tampered
 * artifact is refused while serving stays as it was, and a rollback command sends traffic back.
 */
class DeployerIT {

  private static final String MODEL = SampleEvents.MODEL;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dataDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient registryClient;
  private static EventSerdes serdes;
  private static StageEnvironment env;
  private static RunningStage deployer;
  private static URI serving;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    registryClient = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(registryClient).registerCatalogue();
    serdes = new EventSerdes(registryClient);
    env =
        new StageEnvironment(
            kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "it-1");
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(RolloutPolicy.defaults(false).withStepInterval(Duration.ofMillis(300)));
    deployer = DeployerApp.start(env, config);
    serving = URI.create(deployer.endpoints().get("serving"));
  }

  @AfterAll
  static void stop() {
    if (deployer != null) {
      deployer.close();
    }
    if (registryClient != null) {
      registryClient.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldTakeVersionsToProductionServeThemRefuseATamperedOneAndRollBackByCommand()
      throws Exception {
    // v1: the first version goes to staging, then straight to all of production.
    publish(Topics.VALIDATION_PASSED, validationPassed("v1", store("v1")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployments().contains("v1 PRODUCTION DIRECT 100"));
    assertThat(deployments()).containsExactly("v1 STAGING DIRECT 100", "v1 PRODUCTION DIRECT 100");
    await().atMost(Duration.ofSeconds(10)).until(() -> servedVersion(1).equals("v1"));

    HttpResponse<String> ok = get("/v1/models/" + MODEL + "/recommend?user=1&k=5");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue(ServingServer.VERSION_HEADER)).hasValue("v1");
    assertThat(ok.body()).contains("\"fallback\":false").contains("\"predictionId\"");
    assertThat(get("/v1/models/" + MODEL + "/recommend?user=999&k=3").body())
        .contains("\"fallback\":true");
    HttpResponse<String> badUser = get("/v1/models/" + MODEL + "/recommend?user=alice");
    assertThat(badUser.statusCode()).isEqualTo(400);
    assertThat(badUser.body()).contains("\"field\":\"user\"").contains("alice");
    assertThat(get("/v1/models/" + MODEL + "/recommend?user=1&k=0").body())
        .contains("\"field\":\"k\"");
    assertThat(get("/v1/models/no-such-model/recommend?user=1").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> get("/ready").statusCode() == 200);
    assertThat(get("/metrics").body()).contains("mlpipe_serving_requests");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> readAll(Topics.PREDICTION_LOGGED).size() >= 2);
    assertThat(readAll(Topics.PREDICTION_LOGGED))
        .map(e -> (PredictionLogged) e)
        .anySatisfy(
            p -> {
              assertThat(p.getVersion()).isEqualTo("v1");
              assertThat(p.getCategoricalInputs()).containsEntry("user", "1");
              assertThat(p.getOutputItems()).hasSize(5);
              assertThat(p.getFallback()).isFalse();
            });

    // v2: through the canary steps to 100 %.
    publish(Topics.VALIDATION_PASSED, validationPassed("v2", store("v2")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployments().contains("v2 PRODUCTION CANARY 100"));
    assertThat(deployments())
        .containsSubsequence(
            "v2 STAGING DIRECT 100",
            "v2 PRODUCTION CANARY 5",
            "v2 PRODUCTION CANARY 10",
            "v2 PRODUCTION CANARY 25",
            "v2 PRODUCTION CANARY 50",
            "v2 PRODUCTION CANARY 100");
    await().atMost(Duration.ofSeconds(10)).until(() -> servedVersion(1).equals("v2"));

    // v3: its artifact was altered after it was stored.
    ArtifactRef v3 = store("v3");
    Path file = Path.of(URI.create(v3.getUri()));
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(file, bytes);
    publish(Topics.VALIDATION_PASSED, validationPassed("v3", v3));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !readAll(Topics.DEPLOYMENT_FAILED).isEmpty());
    DeploymentFailed failed = (DeploymentFailed) readAll(Topics.DEPLOYMENT_FAILED).get(0);
    assertThat(failed.getVersion()).isEqualTo("v3");
    assertThat(failed.getEnvironment()).isEqualTo(Environment.STAGING);
    assertThat(failed.getReason()).contains("checksum mismatch");
    assertThat(deployments()).noneMatch(d -> d.startsWith("v3"));
    assertThat(servedVersion(1)).isEqualTo("v2");

    // A rollback command: back to v1, the last stable version before v2.
    publish(Topics.COMMANDS, rollbackCommand());
    await().atMost(Duration.ofSeconds(30)).until(() -> !readAll(Topics.ROLLED_BACK).isEmpty());
    RolledBack rolledBack = (RolledBack) readAll(Topics.ROLLED_BACK).get(0);
    assertThat(rolledBack.getFromVersion()).isEqualTo("v2");
    assertThat(rolledBack.getToVersion()).isEqualTo("v1");
    assertThat(rolledBack.getAutomatic()).isFalse();
    assertThat(rolledBack.getRequestedBy()).isEqualTo("alice@it");
    await().atMost(Duration.ofSeconds(10)).until(() -> servedVersion(1).equals("v1"));
    for (int user = 1; user <= 5; user++) {
      assertThat(servedVersion(user)).isEqualTo("v1");
    }
  }

  private static ArtifactRef store(String version) {
    StoredArtifact stored =
        ArtifactFormat.store(
            ArtifactStore.at(env.artifactDir()), TestModels.artifact(MODEL, version));
    return new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes());
  }

  private static ValidationPassed validationPassed(String version, ArtifactRef artifact) {
    return ValidationPassed.newBuilder(SampleEvents.validationPassed())
        .setMeta(meta("run-" + version))
        .setVersion(version)
        .setArtifact(artifact)
        .build();
  }

  private static PipelineCommand rollbackCommand() {
    return PipelineCommand.newBuilder()
        .setMeta(meta("run-rollback"))
        .setModel(MODEL)
        .setRequestedBy("alice@it")
        .setCommand(Rollback.newBuilder().setToVersion(null).setReason("it test").build())
        .build();
  }

  private static EventMeta meta(String runId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(null)
        .setOccurredAt(Instant.now())
        .setProducer("it@test")
        .build();
  }

  private static <V extends SpecificRecord> void publish(Topic<V> topic, V value) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(props, EventSerdes.keySerializer(), serdes.valueSerializer(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), MODEL, value)).get();
    }
  }

  private static List<String> deployments() {
    return readAll(Topics.MODEL_DEPLOYED).stream()
        .map(e -> (ModelDeployed) e)
        .map(
            d ->
                d.getVersion()
                    + " "
                    + d.getEnvironment()
                    + " "
                    + d.getStrategy()
                    + " "
                    + d.getTrafficPercent())
        .toList();
  }

  /** Every committed event of the topic, in partition order (one model: one partition). */
  private static List<SpecificRecord> readAll(Topic<? extends SpecificRecord> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<SpecificRecord> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          events.add(serdes.valueDeserializer(topic).deserialize(r.topic(), r.value()));
        }
      }
    }
    return events;
  }

  private static String servedVersion(int user) throws Exception {
    return get("/v1/models/" + MODEL + "/recommend?user=" + user + "&k=3")
        .headers()
        .firstValue(ServingServer.VERSION_HEADER)
        .orElse("none");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(serving.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
