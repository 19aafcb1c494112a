package dev.mlpipe.deployer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.TestModels;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.TestEvents;
import dev.mlpipe.deployer.serving.FeedbackErrors;
import dev.mlpipe.deployer.serving.ModelLoader;
import dev.mlpipe.deployer.serving.ServingMetrics;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.ValidationPassed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutTopologyTest {

  private static final String MODEL = TestEvents.MODEL;

  @TempDir Path dir;

  private final TestEvents.SettableClock clock = new TestEvents.SettableClock();
  private final ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());
  private TopologyTestDriver driver;
  private TestInputTopic<String, ValidationPassed> validations;
  private TestInputTopic<String, PipelineCommand> commands;
  private TestOutputTopic<String, ModelDeployed> deployed;
  private TestOutputTopic<String, RolledBack> rolledBack;
  private TestOutputTopic<String, DeploymentFailed> failed;
  private ArtifactStore store;

  @BeforeEach
  void start() {
    store = ArtifactStore.at(dir.resolve("artifacts"));
    EventSerdes serdes = new EventSerdes(new FakeSchemaRegistryClient());
    RolloutController controller =
        new RolloutController(
            RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(2)),
            clock,
            "deployer@test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deployer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    driver =
        new TopologyTestDriver(
            RolloutTopology.build(
                serdes,
                controller,
                new ArtifactCheck(new ModelLoader(store)),
                metrics,
                new FeedbackErrors(60_000),
                clock,
                Duration.ofMillis(200)),
            props);
    validations =
        driver.createInputTopic(
            Topics.VALIDATION_PASSED.name(),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.VALIDATION_PASSED));
    commands =
        driver.createInputTopic(
            Topics.COMMANDS.name(),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.COMMANDS));
    deployed =
        driver.createOutputTopic(
            Topics.MODEL_DEPLOYED.name(),
            EventSerdes.keyDeserializer(),
            serdes.valueDeserializer(Topics.MODEL_DEPLOYED));
    rolledBack =
        driver.createOutputTopic(
            Topics.ROLLED_BACK.name(),
            EventSerdes.keyDeserializer(),
            serdes.valueDeserializer(Topics.ROLLED_BACK));
    failed =
        driver.createOutputTopic(
            Topics.DEPLOYMENT_FAILED.name(),
            EventSerdes.keyDeserializer(),
            serdes.valueDeserializer(Topics.DEPLOYMENT_FAILED));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private ValidationPassed validated(String version) {
    return validated(MODEL, version);
  }

  private ValidationPassed validated(String model, String version) {
    StoredArtifact stored = ArtifactFormat.store(store, TestModels.artifact(model, version));
    return ValidationPassed.newBuilder(TestEvents.validationPassed(version))
        .setModel(model)
        .setArtifact(new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes()))
        .build();
  }

  private void elapse(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  private List<String> deployments() {
    return deployed.readValuesToList().stream()
        .map(d -> d.getVersion() + " " + d.getEnvironment() + " " + d.getTrafficPercent())
        .toList();
  }

  @Test
  void shouldStepTheCanaryOnTheWallClockAndRollBackWhenServingSeesItFail() {
    validations.pipeInput(MODEL, validated("v1"));
    validations.pipeInput(MODEL, validated("v2"));
    assertThat(deployments())
        .containsExactly(
            "v1 STAGING 100", "v1 PRODUCTION 100", "v2 STAGING 100", "v2 PRODUCTION 5");

    elapse(Duration.ofSeconds(1));
    assertThat(deployments()).isEmpty();
    elapse(Duration.ofSeconds(1));
    assertThat(deployments()).containsExactly("v2 PRODUCTION 10");

    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 50; i++) {
        metrics.record(MODEL, "v1", 800, false, false);
        metrics.record(MODEL, "v2", 800, i % 2 == 0, false);
      }
      elapse(Duration.ofSeconds(2));
    }

    assertThat(deployments()).isEmpty();
    RolledBack back = rolledBack.readValue();
    assertThat(back.getFromVersion()).isEqualTo("v2");
    assertThat(back.getToVersion()).isEqualTo("v1");
    assertThat(back.getAutomatic()).isTrue();
    assertThat(back.getReason()).contains("canary at 10 %").contains("error rate 50.0 %");
  }

  @Test
  void shouldRefuseAnArtifactThatIsNotTheModelAndVersionTheEventNames() {
    ValidationPassed v1 = validated("v1");
    validations.pipeInput(MODEL, ValidationPassed.newBuilder(v1).setVersion("v9").build());

    assertThat(deployments()).isEmpty();
    DeploymentFailed f = failed.readValue();
    assertThat(f.getVersion()).isEqualTo("v9");
    assertThat(f.getReason()).contains("holds model").contains("version v1");
  }

  @Test
  void shouldRefuseAnArtifactThatIsMissing() {
    ValidationPassed v1 = validated("v1");
    String sha = "0".repeat(64);
    validations.pipeInput(
        MODEL,
        ValidationPassed.newBuilder(v1)
            .setArtifact(new ArtifactRef(sha, store.pathOf(sha).toUri().toString(), 1L))
            .build());

    assertThat(failed.readValue().getReason()).startsWith("artifact not found");
  }

  @Test
  void shouldKeepRolloutsOfDifferentModelsApart() {
    validations.pipeInput(MODEL, validated("v1"));
    ValidationPassed other = validated("other-model", "w1");
    validations.pipeInput("other-model", other);
    commands.pipeInput(MODEL, TestEvents.rollback(null));

    assertThat(deployments()).hasSize(4);
    DeploymentFailed refused = failed.readValue();
    assertThat(refused.getModel()).isEqualTo(MODEL);
    assertThat(refused.getReason()).contains("rollback refused");
    assertThat(failed.isEmpty()).isTrue();
  }
}
