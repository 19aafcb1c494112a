package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.serving.ServingServer;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.ValidationPassed;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
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

  private static final String MODEL = PipelineFixture.MODEL;

  @TempDir static Path dataDir;

  private static PipelineFixture pipeline;
  private static RunningStage deployer;
  private static URI serving;

  @BeforeAll
  static void start() {
    pipeline = new PipelineFixture(dataDir);
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(RolloutPolicy.defaults(false).withStepInterval(Duration.ofMillis(300)));
    deployer = DeployerApp.start(pipeline.environment("it-1"), config);
    serving = URI.create(deployer.endpoints().get("serving"));
  }

  @AfterAll
  static void stop() {
    if (deployer != null) {
      deployer.close();
    }
    if (pipeline != null) {
      pipeline.close();
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
    return pipeline.store(version);
  }

  private static ValidationPassed validationPassed(String version, ArtifactRef artifact) {
    return PipelineFixture.validationPassed(version, artifact);
  }

  private static <V extends SpecificRecord> void publish(Topic<V> topic, V value) throws Exception {
    pipeline.publish(topic, value);
  }

  private static List<String> deployments() {
    return pipeline.deployments();
  }

  private static List<SpecificRecord> readAll(Topic<? extends SpecificRecord> topic) {
    return pipeline.readAll(topic);
  }

  private static PipelineCommand rollbackCommand() {
    return PipelineCommand.newBuilder()
        .setMeta(PipelineFixture.meta("run-rollback"))
        .setModel(MODEL)
        .setRequestedBy("alice@it")
        .setCommand(Rollback.newBuilder().setToVersion(null).setReason("it test").build())
        .build();
  }

  private static String servedVersion(int user) throws Exception {
    return get("/v1/models/" + MODEL + "/recommend?user=" + user + "&k=3")
        .headers()
        .firstValue(ServingServer.VERSION_HEADER)
        .orElse("none");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return PipelineFixture.get(serving, path);
  }
}
