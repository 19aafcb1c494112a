package dev.mlpipe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.trainer.run.LoggingRunObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a trainer's JVM in the middle of training and shows that its successor trains the commit
 * again and publishes exactly one TrainingFinished for the run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainerCrashIT {

  private static final String INSTANCE = "crash";

  @TempDir Path tmp;
  private PipelineFixture pipeline;
  private Process child;

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldPublishExactlyOneFinishedWhenTheTrainerIsKilledMidTraining() throws Exception {
    pipeline = PipelineFixture.start();
    Path dataDir = tmp.resolve("data");
    String sha;
    String broken;
    try (GitFixture repo = GitFixture.init(tmp.resolve("model-repo"))) {
      sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
      broken = repo.commit(Map.of("mlpipe.yaml", "model: quick-recsys\n"), "broken");
    }
    String repoPath = tmp.resolve("model-repo").toString();
    CommitPushed commit = PipelineFixture.commit("quick-recsys", repoPath, sha, "mlpipe.yaml");
    pipeline.publish(commit);
    String runId = commit.getMeta().getRunId();

    Path childOut = tmp.resolve("child.out");
    child = startChild(dataDir, childOut);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> Files.readString(childOut).contains(BlockingTrainerMain.BLOCKED));
    assertThat(pipeline.readCommitted(Topics.TRAINING_STARTED))
        .anySatisfy(s -> assertThat(s.getMeta().getRunId()).isEqualTo(runId));
    assertThat(pipeline.readCommitted(Topics.TRAINING_FINISHED)).isEmpty();

    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (RunningStage successor =
        TrainerApp.start(
            pipeline.environment(dataDir, INSTANCE),
            BlockingTrainerMain.crashTestSettings(),
            new LoggingRunObserver())) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> !pipeline.readCommitted(Topics.TRAINING_FINISHED).isEmpty());
      // A later commit of the same model lands in the same partition: once its outcome is out,
      // anything the first run could still have published would be out too.
      CommitPushed sentinel =
          PipelineFixture.commit("quick-recsys", repoPath, broken, "mlpipe.yaml");
      pipeline.publish(sentinel);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  pipeline.readCommitted(Topics.TRAINING_FAILED).stream()
                      .anyMatch(f -> f.getMeta().getRunId().equals(sentinel.getMeta().getRunId())));
      assertThat(successor.isRunning()).isTrue();
    }

    List<TrainingFinished> finished = pipeline.readCommitted(Topics.TRAINING_FINISHED);
    assertThat(finished).hasSize(1);
    TrainingFinished only = finished.get(0);
    assertThat(only.getMeta().getRunId()).isEqualTo(runId);
    assertThat(only.getCommitSha()).isEqualTo(sha);
    Path file =
        ArtifactStore.at(dataDir.resolve("artifacts")).pathOf(only.getArtifact().getSha256());
    assertThat(ArtifactStore.sha256(Files.readAllBytes(file)))
        .isEqualTo(only.getArtifact().getSha256());
    // The killed run announced itself, and so did the retrain: TrainingStarted is at least once.
    assertThat(
            pipeline.readCommitted(Topics.TRAINING_STARTED).stream()
                .filter(s -> s.getMeta().getRunId().equals(runId)))
        .hasSizeGreaterThanOrEqualTo(1);
  }

  private Process startChild(Path dataDir, Path out) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BlockingTrainerMain.class.getName());
    command.add(pipeline.bootstrap());
    command.add(pipeline.registryUrl());
    command.add(dataDir.toString());
    command.add(INSTANCE);
    command.add("2");
    Files.writeString(out, "", StandardCharsets.UTF_8);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }
}
