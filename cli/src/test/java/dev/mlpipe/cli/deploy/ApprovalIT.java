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
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
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
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging approval with the {@code production} configuration (approval.production: manual), end to
 * end on a real broker: a validated version waits in staging and is not promoted by itself; {@code
 * mlpipe approve RUN_ID} moves it on (straight to production for a model's first version, through
 * the canary steps for the next); bad input is refused with a clear error and exit code 2.
 */
@Timeout(180)
class ApprovalIT {

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
  void shouldHoldEachVersionInStagingUntilApprovedThenRollItOutThroughTheCanary() throws Exception {
    DeployerConfig production =
        DeployerConfig.from(PipelineConfig.load("production", Optional.empty(), Map.of()));
    assertThat(production.rollout().productionApproval()).isTrue();
    // Production's policy as it is, with steps short enough for a test.
    DeployerConfig config =
        production
            .withServingPort(0)
            .withRollout(
                production
                    .rollout()
                    .withStepInterval(Duration.ofMillis(500))
                    .withWatchWindow(Duration.ZERO));
    pipeline =
        LocalPipeline.start(
            new LocalPipeline.Settings(dataDir, 0, 0),
            List.of(
                new PipelineStages.Entry(
                    DeployerApp.STAGE, env -> DeployerApp.start(env, config))));

    publish(validationPassed("v1"));
    await().atMost(Duration.ofSeconds(60)).until(() -> deployed().contains("v1 STAGING 100"));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !deployed().contains("v1 PRODUCTION 100"));

    CommandLineRun approveV1 = mlpipe("approve", "run-v1");

    assertThat(approveV1.exitCode()).as(approveV1.err()).isZero();
    assertThat(approveV1.out()).contains("approved run run-v1 of " + MODEL + " for production");
    await().atMost(Duration.ofSeconds(30)).until(() -> deployed().contains("v1 PRODUCTION 100"));

    publish(validationPassed("v2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> deployed().contains("v2 STAGING 100"));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> deployed().stream().noneMatch(d -> d.startsWith("v2 PRODUCTION")));

    // Bad input: nothing is published, the error says what is wrong and what waits.
    CommandLineRun unknownRun = mlpipe("approve", "run-v9");
    assertThat(unknownRun.exitCode()).isEqualTo(2);
    assertThat(unknownRun.err())
        .contains("no model has a deployment of run run-v9")
        .contains("runs waiting for approval: [run-v2 (" + MODEL + " v2)]");
    CommandLineRun unknownModel = mlpipe("approve", "run-v2", "--model", "no-such-model");
    assertThat(unknownModel.exitCode()).isEqualTo(2);
    assertThat(unknownModel.err()).contains("no model 'no-such-model' has been deployed");
    CommandLineRun again = mlpipe("approve", "run-v1");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("does not wait for approval");
    CommandLineRun badRollback = mlpipe("rollback", MODEL, "--to", "v7");
    assertThat(badRollback.exitCode()).isEqualTo(2);
    assertThat(badRollback.err()).contains("has no version 'v7'; its versions: [v1, v2]");
    assertThat(deployed()).noneMatch(d -> d.startsWith("v2 PRODUCTION"));

    CommandLineRun approveV2 = mlpipe("approve", "run-v2", "--model", MODEL);

    assertThat(approveV2.exitCode()).as(approveV2.err()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> deployed().contains("v2 PRODUCTION 100"));
    assertThat(deployed())
        .containsExactly(
            "v1 STAGING 100",
            "v1 PRODUCTION 100",
            "v2 STAGING 100",
            "v2 PRODUCTION 5",
            "v2 PRODUCTION 10",
            "v2 PRODUCTION 25",
            "v2 PRODUCTION 50",
            "v2 PRODUCTION 100");
    // Who approved is recorded on every production step, and it is not the automatic approval.
    assertThat(deployments())
        .filteredOn(d -> d.getVersion().equals("v2") && d.getTrafficPercent() == 5)
        .singleElement()
        .satisfies(d -> assertThat(d.getApprovedBy()).isNotBlank().isNotEqualTo("auto"));
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
        .setMeta(
            EventMeta.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRunId("run-" + version)
                .setCausationId(null)
                .setOccurredAt(Instant.now())
                .setProducer("it@test")
                .build())
        .setModel(MODEL)
        .setVersion(version)
        .setArtifact(new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes()))
        .build();
  }

  private void publish(ValidationPassed value) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrap());
    try (HttpSchemaRegistryClient registry =
            HttpSchemaRegistryClient.of(pipeline.registryUrl().toString());
        KafkaProducer<String, ValidationPassed> producer =
            new KafkaProducer<>(
                props,
                EventSerdes.keySerializer(),
                new EventSerdes(registry).valueSerializer(Topics.VALIDATION_PASSED))) {
      producer.send(new ProducerRecord<>(Topics.VALIDATION_PASSED.name(), MODEL, value)).get();
    }
  }
}
