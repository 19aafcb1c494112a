package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.deployer.audit.ChainLink;
import dev.mlpipe.deployer.audit.ChainReport;
import dev.mlpipe.deployer.audit.ChainVerifier;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployer as its own JVM, killed with SIGKILL (no shutdown, no commit, a transaction possibly
 * open) at several points of a canary and started again on the same data directory: read with
 * read_committed, every transition of every version and environment is there exactly once, in
 * order, and the deployment log's hash chain is intact.
 */
@Timeout(300)
class DeployerKillIT {

  private static final long STEP_MILLIS = 2_000;

  @TempDir Path dataDir;

  private PipelineFixture pipeline;
  private Process deployer;
  private int starts;

  @AfterEach
  void stop() throws InterruptedException {
    if (deployer != null) {
      deployer.destroy();
      if (!deployer.waitFor(30, TimeUnit.SECONDS)) {
        deployer.destroyForcibly();
      }
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldPublishEveryTransitionExactlyOnceWhenKilledDuringTheCanary() throws Exception {
    pipeline = new PipelineFixture(dataDir);
    Random random = new Random(42);
    start();
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v1", pipeline.store("v1")));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> pipeline.deployments().contains("v1 PRODUCTION DIRECT 100"));
    pipeline.publish(
        Topics.VALIDATION_PASSED, PipelineFixture.validationPassed("v2", pipeline.store("v2")));
    // Killed while v2 is checked and deployed to staging (the first kill may land anywhere in it).
    killAfter(random.nextInt(500));
    start();
    for (String step : List.of("v2 PRODUCTION CANARY 5", "v2 PRODUCTION CANARY 25")) {
      await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.deployments().contains(step));
      // Somewhere within the step's interval, possibly inside a punctuation's transaction.
      killAfter(random.nextInt((int) STEP_MILLIS));
      start();
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> pipeline.deployments().contains("v2 PRODUCTION CANARY 100"));

    assertThat(starts).isEqualTo(4);
    assertThat(pipeline.deployments())
        .containsExactly(
            "v1 STAGING DIRECT 100",
            "v1 PRODUCTION DIRECT 100",
            "v2 STAGING DIRECT 100",
            "v2 PRODUCTION CANARY 5",
            "v2 PRODUCTION CANARY 10",
            "v2 PRODUCTION CANARY 25",
            "v2 PRODUCTION CANARY 50",
            "v2 PRODUCTION CANARY 100");
    assertThat(pipeline.readAll(Topics.ROLLED_BACK)).isEmpty();
    assertThat(pipeline.readAll(Topics.DEPLOYMENT_FAILED)).isEmpty();
    assertThat(ChainVerifier.verify(links(Topics.MODEL_DEPLOYED)))
        .singleElement()
        .matches(ChainReport::isIntact, "an intact chain");
  }

  private List<ChainLink> links(Topic<? extends SpecificRecord> topic) {
    List<ChainLink> links = new ArrayList<>();
    List<SpecificRecord> events = pipeline.readAll(topic);
    for (int i = 0; i < events.size(); i++) {
      links.add(ChainLink.of(topic.name(), 0, i, events.get(i), null).orElseThrow());
    }
    return links;
  }

  /** Starts the deployer JVM and waits for its ready line. */
  private void start() throws IOException {
    starts++;
    Path log = dataDir.resolve("deployer-" + starts + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    deployer =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                DeployerProcess.class.getName(),
                pipeline.bootstrapServers(),
                pipeline.registryUrl(),
                dataDir.toString(),
                "killable",
                String.valueOf(STEP_MILLIS))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Process started = deployer;
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new AssertionError(
                    "the deployer process exited with "
                        + started.exitValue()
                        + ":\n"
                        + Files.readString(log));
              }
              return Files.readString(log).contains(DeployerProcess.READY);
            });
  }

  /** SIGKILL after the delay, which only chooses the instant; nothing is waited for. */
  private void killAfter(long millis) throws InterruptedException {
    Thread.sleep(millis);
    deployer.destroyForcibly();
    assertThat(deployer.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
