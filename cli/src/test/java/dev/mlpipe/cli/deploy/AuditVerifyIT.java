package dev.mlpipe.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.stage.PipelineStages;
import dev.mlpipe.cli.up.LocalPipeline;
import dev.mlpipe.deployer.DeployerApp;
import dev.mlpipe.deployer.DeployerConfig;
import dev.mlpipe.deployer.audit.ChainLink;
import dev.mlpipe.deployer.registry.EventHashes;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.ValidationPassed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlpipe audit verify} over what a real deployer published on a real broker: intact after a
 * canary and a rollback; broken, naming where, after a forged event is appended and after the first
 * events are deleted.
 */
@Timeout(180)
class AuditVerifyIT {

  private static final String MODEL = SampleEvents.MODEL;

  @TempDir Path dataDir;

  private LocalPipeline pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldVerifyTheDeployersChainAndNameTheFirstBrokenLinkAfterTampering() throws Exception {
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(RolloutPolicy.defaults(false).withStepInterval(Duration.ofMillis(500)));
    pipeline =
        LocalPipeline.start(
            new LocalPipeline.Settings(dataDir, 0, 0),
            List.of(
                new PipelineStages.Entry(
                    DeployerApp.STAGE, env -> DeployerApp.start(env, config))));
    publish(Topics.VALIDATION_PASSED, validationPassed("v1"));
    publish(Topics.VALIDATION_PASSED, validationPassed("v2"));
    await().atMost(Duration.ofSeconds(60)).until(() -> deployed().contains("v2 PRODUCTION 100"));
    assertThat(mlpipe("rollback", MODEL, "--reason", "audit test").exitCode()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> mlpipe("models", MODEL).out().contains("manual rollback from v2"));

    CommandLineRun intact = mlpipe("audit", "verify", MODEL);

    // v1 staging + production, v2 staging + 5 canary steps, the rollback.
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
    assertThat(intact.out()).startsWith("OK").contains(MODEL + ": 9 events, chain head ");

    // A forged step appended with the hash of v2's staging deployment as its predecessor.
    List<ModelDeployed> deployments = deployments();
    ModelDeployed v2Staging = deployments.get(2);
    ModelDeployed v2FirstCanary = deployments.get(3);
    ModelDeployed forgery =
        ModelDeployed.newBuilder(v2FirstCanary)
            .setMeta(meta("forged"))
            .setTrafficPercent(100)
            .setApprovedBy("mallory")
            .build();
    publish(Topics.MODEL_DEPLOYED, forgery);

    CommandLineRun forged = mlpipe("audit", "verify", MODEL);

    assertThat(forged.exitCode()).as(forged.out() + forged.err()).isEqualTo(1);
    assertThat(forged.out())
        .startsWith("BROKEN")
        .contains("after 9 verified events")
        .contains("event " + forgery.getMeta().getEventId())
        .contains("found " + EventHashes.of(v2Staging))
        .contains("already has a successor");

    // The first two deployments deleted (retention, or on purpose).
    ChainLink thirdDeployment;
    try (EventCodec codec = EventCodec.connect(pipeline.registryUrl())) {
      thirdDeployment =
          DeploymentEvents.readLinks(new PipelineClients(pipeline.bootstrap()), codec).stream()
              .filter(l -> l.topic().equals(Topics.MODEL_DEPLOYED.name()))
              .toList()
              .get(2);
    }
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap()))) {
      admin
          .deleteRecords(
              Map.of(
                  new TopicPartition(Topics.MODEL_DEPLOYED.name(), thirdDeployment.partition()),
                  RecordsToDelete.beforeOffset(thirdDeployment.offset())))
          .all()
          .get();
    }

    CommandLineRun truncated = mlpipe("audit", "verify");

    assertThat(truncated.exitCode()).isEqualTo(1);
    assertThat(truncated.out())
        .contains("after 0 verified events")
        .contains(thirdDeployment.position())
        .contains("expected none (first event)")
        .contains("found " + EventHashes.of(deployments.get(1)))
        .contains("not in the topics");
    assertThat(mlpipe("audit", "verify", "no-such-model").exitCode()).isEqualTo(2);
  }

  private CommandLineRun mlpipe(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = pipeline.bootstrap();
    all[args.length + 2] = "--registry";
    all[args.length + 3] = pipeline.registryUrl().toString();
    return CommandLineRun.of(all);
  }

  private List<ModelDeployed> deployments() {
    try (EventCodec codec = EventCodec.connect(pipeline.registryUrl())) {
      return DeploymentEvents.readAll(new PipelineClients(pipeline.bootstrap()), codec).stream()
          .filter(ModelDeployed.class::isInstance)
          .map(ModelDeployed.class::cast)
          .toList();
    }
  }

  private List<String> deployed() {
    return deployments().stream()
        .map(d -> d.getVersion() + " " + d.getEnvironment() + " " + d.getTrafficPercent())
        .toList();
  }

  private ValidationPassed validationPassed(String version) {
    Random random = new Random(version.hashCode());
    int users = 5;
    int items = 20;
    FactorModel factors =
        FactorModel.of(
            3.5,
            1,
            5,
            2,
            IntStream.rangeClosed(1, users).toArray(),
            IntStream.rangeClosed(101, 100 + items).toArray(),
            random.doubles(users, -0.5, 0.5).toArray(),
            random.doubles(items, -0.5, 0.5).toArray(),
            random.doubles(users * 2, -1, 1).toArray(),
            random.doubles(items * 2, -1, 1).toArray());
    ModelCard card =
        new ModelCard(
            MODEL,
            version,
            "sgd-mf",
            Map.of(),
            "a".repeat(40),
            "run-" + version,
            "no-training-data-stored",
            "no-holdout-stored",
            Map.of("rmse", 0.7),
            Instant.now());
    StoredArtifact stored =
        ArtifactFormat.store(
            ArtifactStore.at(pipeline.stageEnvironment().artifactDir()),
            new ModelArtifact(card, factors));
    return ValidationPassed.newBuilder(SampleEvents.validationPassed())
        .setMeta(meta("run-" + version))
        .setModel(MODEL)
        .setVersion(version)
        .setArtifact(new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes()))
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

  private <V extends SpecificRecord> void publish(Topic<V> topic, V value) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap());
    try (HttpSchemaRegistryClient registry =
            HttpSchemaRegistryClient.of(pipeline.registryUrl().toString());
        KafkaProducer<String, V> producer =
            new KafkaProducer<>(
                props,
                EventSerdes.keySerializer(),
                new EventSerdes(registry).valueSerializer(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), MODEL, value)).get();
    }
  }
}
