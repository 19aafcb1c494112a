package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.serving.ServingServer;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployer stopped in the middle of a canary and started again, here as a new instance with no
 * local state, carries the canary on from the step it had reached: every step is published once,
 * none is skipped, and the new instance's serving rebuilds its routes from the topics.
 */
class DeployerRestartIT {

  private static final String MODEL = PipelineFixture.MODEL;

  @TempDir Path dataDir;

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
  void shouldGoOnWithACanaryAfterARestartWithoutRepeatingOrSkippingAStep() throws Exception {
    pipeline = new PipelineFixture(dataDir);
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(1)));
    deployer = DeployerApp.start(pipeline.environment("first"), config);
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v1", pipeline.store("v1")));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v2", pipeline.store("v2")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pipeline.deployments().contains("v2 PRODUCTION CANARY 10"));

    deployer.close();
    List<String> beforeRestart = pipeline.deployments();
    deployer = DeployerApp.start(pipeline.environment("second"), config);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> pipeline.deployments().contains("v2 PRODUCTION CANARY 100"));
    assertThat(pipeline.deployments())
        .startsWith(beforeRestart.toArray(String[]::new))
        .containsExactly(
            "v1 STAGING DIRECT 100",
            "v1 PRODUCTION DIRECT 100",
            "v2 STAGING DIRECT 100",
            "v2 PRODUCTION CANARY 5",
            "v2 PRODUCTION CANARY 10",
            "v2 PRODUCTION CANARY 25",
            "v2 PRODUCTION CANARY 50",
            "v2 PRODUCTION CANARY 100");
    URI serving = URI.create(deployer.endpoints().get("serving"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                PipelineFixture.get(serving, "/v1/models/" + MODEL + "/recommend?user=1")
                    .headers()
                    .firstValue(ServingServer.VERSION_HEADER)
                    .orElse("none")
                    .equals("v2"));
  }
}
