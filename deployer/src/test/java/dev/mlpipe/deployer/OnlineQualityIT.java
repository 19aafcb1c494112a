package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.deployer.rollout.CanaryThresholds;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.Strategy;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.RolledBack;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online quality in the canary, end to end: feedback on mlpipe.feedback that refers to served
 * predictions is joined to them, and a canary whose predictions are far worse than the stable
 * version's on that feedback (while its error rate and latency are fine) is rolled back, also when
 * the feedback came before the deployer restarted.
 */
@Timeout(180)
class OnlineQualityIT {

  private static final String MODEL = PipelineFixture.MODEL;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final Map<String, FactorModel> factors =
      Map.of(
          "v1", TestModels.artifact(MODEL, "v1").factors(),
          "v2", TestModels.artifact(MODEL, "v2").factors());
  private final Random random = new Random(11);

  private PipelineFixture pipeline;
  private RunningStage deployer;

  @AfterEach
  void stop() {
    if (deployer != null) {
      deployer.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldRollBackACanaryWhoseOnlineRmseOnTheFeedbackIsWorseThanTheStables() throws Exception {
    pipeline = new PipelineFixture(dataDir);
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(
                RolloutPolicy.defaults(false)
                    .withStepInterval(Duration.ofSeconds(5))
                    .withWatchWindow(Duration.ZERO)
                    // Latency never breaches here: only online quality may.
                    .withThresholds(
                        new CanaryThresholds(0.02, 1.5, 10_000_000, 5, 0.05, 0.01, 10)));
    deployer = DeployerApp.start(pipeline.environment("quality"), config);
    URI serving = URI.create(deployer.endpoints().get("serving"));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v1", pipeline.store("v1")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.deployments().contains("v1 PRODUCTION DIRECT 100"));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v2", pipeline.store("v2")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.deployments().contains("v2 PRODUCTION CANARY 5"));
    // Users see predictions; their ratings match v1's exactly and miss v2's by 2 stars.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              pipeline.publishAll(Topics.FEEDBACK, serveWithFeedback(serving, 60));
              return !pipeline.readAll(Topics.ROLLED_BACK).isEmpty();
            });

    RolledBack rollback = (RolledBack) pipeline.readAll(Topics.ROLLED_BACK).get(0);
    assertThat(rollback.getFromVersion()).isEqualTo("v2");
    assertThat(rollback.getToVersion()).isEqualTo("v1");
    assertThat(rollback.getAutomatic()).isTrue();
    assertThat(rollback.getReason()).contains("online RMSE");
  }

  @Test
  void shouldJudgeACanaryOnTheFeedbackItGotBeforeTheDeployerRestarted() throws Exception {
    pipeline = new PipelineFixture(dataDir);
    // Half the traffic to the canary and one long interval: every feedback arrives before the
    // restart, the only check comes after it, and one breach rolls back.
    RolloutPolicy policy =
        new RolloutPolicy(
            false,
            Strategy.CANARY,
            List.of(50, 100),
            Duration.ofSeconds(25),
            1,
            new CanaryThresholds(0.02, 1.5, 10_000_000, 5, 0.05, 0.01, 30),
            Duration.ZERO);
    DeployerConfig config = DeployerConfig.defaults(false).withServingPort(0).withRollout(policy);
    deployer = DeployerApp.start(pipeline.environment("before"), config);
    URI serving = URI.create(deployer.endpoints().get("serving"));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v1", pipeline.store("v1")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.deployments().contains("v1 PRODUCTION DIRECT 100"));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v2", pipeline.store("v2")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.deployments().contains("v2 PRODUCTION CANARY 50"));
    await().atMost(Duration.ofSeconds(10)).until(() -> serveWithFeedback(serving, 1).size() == 1);
    pipeline.publishAll(Topics.FEEDBACK, serveWithFeedback(serving, 160));

    deployer.close();
    deployer = DeployerApp.start(pipeline.environment("after"), config);
    URI restarted = URI.create(deployer.endpoints().get("serving"));
    // Traffic without feedback, so the canary's check has requests to judge.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              serveWithFeedback(restarted, 20);
              return !pipeline.readAll(Topics.ROLLED_BACK).isEmpty()
                  || pipeline.deployments().contains("v2 PRODUCTION CANARY 100");
            });

    assertThat(pipeline.deployments()).doesNotContain("v2 PRODUCTION CANARY 100");
    RolledBack rollback = (RolledBack) pipeline.readAll(Topics.ROLLED_BACK).get(0);
    assertThat(rollback.getFromVersion()).isEqualTo("v2");
    assertThat(rollback.getReason()).contains("online RMSE");
  }

  /**
   * Asks for n recommendations and returns a feedback on each: the rating v1 predicted, so v1's
   * error is 0 and v2's 2 stars.
   */
  private List<FeedbackReceived> serveWithFeedback(URI serving, int n) throws Exception {
    List<FeedbackReceived> feedback = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int user = 1 + random.nextInt(10_000);
      HttpResponse<String> response =
          PipelineFixture.get(serving, "/v1/models/" + MODEL + "/recommend?k=3&user=" + user);
      if (response.statusCode() != 200) {
        continue;
      }
      JsonNode body = JSON.readTree(response.body());
      String version = body.path("version").asText();
      int item = body.path("items").path(0).path("item").asInt();
      double predicted = factors.get(version).predict(user, item);
      feedback.add(
          FeedbackReceived.newBuilder()
              .setMeta(PipelineFixture.meta("feedback"))
              .setModel(MODEL)
              .setPredictionId(body.path("predictionId").asText())
              .setItem(String.valueOf(item))
              .setActual(version.equals("v2") ? predicted - 2 : predicted)
              .build());
    }
    return feedback;
  }
}
