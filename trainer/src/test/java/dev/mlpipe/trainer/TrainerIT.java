package dev.mlpipe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.trainer.run.LoggingRunObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The trainer stage on a real broker and registry, fed commits of a JGit-made repository. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TrainerIT {

  @TempDir Path tmp;
  private PipelineFixture pipeline;
  private GitFixture repo;
  private RunningStage trainer;

  @BeforeEach
  void start() throws Exception {
    pipeline = PipelineFixture.start();
    repo = GitFixture.init(tmp.resolve("model-repo"));
    trainer =
        TrainerApp.start(
            pipeline.environment(tmp.resolve("data"), "it"),
            TrainerSettings.defaults(),
            new LoggingRunObserver());
  }

  @AfterEach
  void stop() {
    if (trainer != null) {
      trainer.close();
    }
    if (repo != null) {
      repo.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldPublishStartedThenOneFinishedWhoseArtifactIsTheFileInTheStore() throws Exception {
    String sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    CommitPushed commit =
        PipelineFixture.commit("quick-recsys", repo.dir().toString(), sha, "mlpipe.yaml");

    pipeline.publish(commit);

    String runId = commit.getMeta().getRunId();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> !runEvents(pipeline.readCommitted(Topics.TRAINING_FINISHED), runId).isEmpty());
    List<TrainingStarted> started = pipeline.readCommitted(Topics.TRAINING_STARTED);
    assertThat(started)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMeta().getRunId()).isEqualTo(runId);
              assertThat(s.getCommitSha()).isEqualTo(sha);
              assertThat(s.getMeta().getOccurredAt())
                  .isBefore(finishedOf(runId).getMeta().getOccurredAt());
            });
    TrainingFinished finished = finishedOf(runId);
    assertThat(runEvents(pipeline.readCommitted(Topics.TRAINING_FINISHED), runId)).hasSize(1);
    assertThat(finished.getModel()).isEqualTo("quick-recsys");
    assertThat(finished.getCommitSha()).isEqualTo(sha);
    assertThat(finished.getMeta().getCausationId()).isEqualTo(commit.getMeta().getEventId());

    ArtifactStore store = ArtifactStore.at(tmp.resolve("data").resolve("artifacts"));
    Path file = store.pathOf(finished.getArtifact().getSha256());
    assertThat(ArtifactStore.sha256(Files.readAllBytes(file)))
        .isEqualTo(finished.getArtifact().getSha256());
    assertThat(Files.size(file)).isEqualTo(finished.getArtifact().getSizeBytes());
    assertThat(Path.of(java.net.URI.create(finished.getArtifact().getUri()))).isEqualTo(file);
    assertThat(RatingTable.fromCanonicalBytes(store.read(finished.getEvalSplitHash())).sha256())
        .isEqualTo(finished.getEvalSplitHash());
    assertThat(finished.getMetrics())
        .containsKeys(
            "rmse",
            "latency_p50_ms",
            "latency_p95_ms",
            "latency_p99_ms",
            "size_bytes",
            "training_seconds");
    assertThat(finished.getReferenceProfile().getFeatures()).hasSize(3);
    assertThat(finished.getReferenceProfile().getPrediction()).isNotNull();
    assertThat(finished.getGatePolicy()).contains("rmse");
  }

  @Test
  void shouldFailABrokenSpecWithItsReasonAndGoOnWithTheNextCommit() throws Exception {
    String broken =
        repo.commit(
            Map.of("mlpipe.yaml", "model: quick-recsys\nrecipe: recommender-sgd-mf\n"), "no data");
    String fixed = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "data back");
    CommitPushed first =
        PipelineFixture.commit("quick-recsys", repo.dir().toString(), broken, "mlpipe.yaml");
    CommitPushed second =
        PipelineFixture.commit("quick-recsys", repo.dir().toString(), fixed, "mlpipe.yaml");

    pipeline.publish(first);
    pipeline.publish(second);

    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                !runEvents(
                        pipeline.readCommitted(Topics.TRAINING_FINISHED),
                        second.getMeta().getRunId())
                    .isEmpty());
    List<TrainingFailed> failed = pipeline.readCommitted(Topics.TRAINING_FAILED);
    assertThat(failed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getMeta().getRunId()).isEqualTo(first.getMeta().getRunId());
              assertThat(f.getPhase()).isEqualTo("spec");
              assertThat(f.getReason()).contains("data");
              assertThat(f.getCommitSha()).isEqualTo(broken);
            });
    assertThat(pipeline.readCommitted(Topics.TRAINING_FINISHED))
        .singleElement()
        .satisfies(f -> assertThat(f.getCommitSha()).isEqualTo(fixed));
    assertThat(trainer.isRunning()).isTrue();
  }

  @Test
  void shouldTrainEachModelDirectoryOfAPushInItsOwnRunWithOneOutcomeEach() throws Exception {
    String sha =
        repo.commit(
            Map.of(
                "examples/quick/mlpipe.yaml",
                GitFixture.QUICK_SPEC,
                "examples/other/mlpipe.yaml",
                GitFixture.QUICK_SPEC.replace("quick-recsys", "other-recsys")),
            "two models");
    // As the webhook bridge publishes a push: the root's default spec path and the changed paths.
    CommitPushed push =
        CommitPushed.newBuilder(
                PipelineFixture.commit("model-repo", repo.dir().toString(), sha, "mlpipe.yaml"))
            .setChangedPaths(List.of("examples/quick/mlpipe.yaml", "examples/other/mlpipe.yaml"))
            .build();

    pipeline.publish(push);

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> pipeline.readCommitted(Topics.TRAINING_FINISHED).size() == 2);
    List<TrainingFinished> finished = pipeline.readCommitted(Topics.TRAINING_FINISHED);
    assertThat(finished)
        .extracting(TrainingFinished::getModel)
        .containsExactlyInAnyOrder("quick-recsys", "other-recsys");
    assertThat(finished).extracting(f -> f.getMeta().getRunId()).doesNotHaveDuplicates();
    assertThat(finished)
        .allSatisfy(
            f -> assertThat(f.getMeta().getCausationId()).isEqualTo(push.getMeta().getEventId()));
    assertThat(pipeline.readCommitted(Topics.TRAINING_FAILED)).isEmpty();
    assertThat(pipeline.readCommitted(Topics.TRAINING_STARTED))
        .extracting(s -> s.getMeta().getRunId())
        .containsExactlyInAnyOrderElementsOf(
            finished.stream().map(f -> f.getMeta().getRunId()).toList());
  }

  private TrainingFinished finishedOf(String runId) {
    return runEvents(pipeline.readCommitted(Topics.TRAINING_FINISHED), runId).get(0);
  }

  static List<TrainingFinished> runEvents(List<TrainingFinished> events, String runId) {
    return events.stream().filter(e -> e.getMeta().getRunId().equals(runId)).toList();
  }
}
