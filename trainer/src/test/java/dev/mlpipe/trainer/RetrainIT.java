package dev.mlpipe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.run.LoggingRunObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain loop of the trainer on a real broker and registry: what serves production is told by
 * published events (a commit the trainer trains, then its ModelDeployed), and drift of two kinds in
 * one window, one of them published twice, retrains once, on the spec's data plus the live
 * feedback; a Retrain command retrains once more.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetrainIT {

  private static final String MODEL = "quick-recsys";
  private static final Duration AWAIT = Duration.ofSeconds(60);

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
  void shouldRetrainTheProductionVersionOncePerDriftWindowAndOncePerCommand() throws Exception {
    String sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    CommitPushed commit = PipelineFixture.commit(MODEL, repo.dir().toString(), sha, "mlpipe.yaml");
    pipeline.publish(commit);
    TrainingFinished v1 =
        await()
            .atMost(AWAIT)
            .until(() -> finished(TrainingTrigger.COMMIT), f -> !f.isEmpty())
            .get(0);
    pipeline.publish(
        Topics.MODEL_DEPLOYED,
        MODEL,
        RetrainEvents.deployed(
            MODEL, v1.getVersion(), Environment.PRODUCTION, 100, null, Instant.now()));
    pipeline.publish(
        Topics.PREDICTION_LOGGED,
        MODEL,
        RetrainEvents.prediction(MODEL, "p-1", 1),
        RetrainEvents.prediction(MODEL, "p-2", 2));
    pipeline.publish(
        Topics.FEEDBACK,
        MODEL,
        RetrainEvents.feedback(MODEL, "p-1", 10, 5.0, Instant.now().minusSeconds(1)),
        RetrainEvents.feedback(MODEL, "p-2", 11, 1.0, Instant.now().minusSeconds(1)));

    Instant windowStart = Instant.now().minusSeconds(60);
    Instant windowEnd = Instant.now();
    DriftDetected data =
        RetrainEvents.drift(MODEL, DriftKind.DATA, windowStart, windowEnd, Instant.now());
    DriftDetected prediction =
        RetrainEvents.drift(MODEL, DriftKind.PREDICTION, windowStart, windowEnd, Instant.now());
    pipeline.publish(Topics.DRIFT_DETECTED, MODEL, data, data, prediction);

    await()
        .atMost(AWAIT)
        .until(() -> pipeline.groupHasConsumed(TrainerSettings.STAGE, Topics.DRIFT_DETECTED));
    assertThat(started(TrainingTrigger.DRIFT))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMeta().getRunId()).isNotEqualTo(commit.getMeta().getRunId());
              assertThat(s.getMeta().getCausationId()).isEqualTo(data.getMeta().getEventId());
              assertThat(s.getCommitSha()).isEqualTo(sha);
            });
    TrainingFinished retrained = finished(TrainingTrigger.DRIFT).get(0);
    assertThat(finished(TrainingTrigger.DRIFT)).hasSize(1);
    assertThat(retrained.getMeta().getRunId())
        .isEqualTo(started(TrainingTrigger.DRIFT).get(0).getMeta().getRunId());
    assertThat(retrained.getVersion()).isNotEqualTo(v1.getVersion());
    assertThat(retrained.getDataHash())
        .as("the retrain learned from the two feedback ratings")
        .isNotEqualTo(v1.getDataHash());
    assertThat(retrained.getReferenceProfile().getRowCount())
        .isGreaterThan(v1.getReferenceProfile().getRowCount());

    PipelineCommand retrain = RetrainEvents.retrainCommand(MODEL, Instant.now());
    pipeline.publish(Topics.COMMANDS, MODEL, retrain, retrain);

    await()
        .atMost(AWAIT)
        .until(() -> pipeline.groupHasConsumed(TrainerSettings.STAGE, Topics.COMMANDS));
    assertThat(started(TrainingTrigger.RETRAIN_COMMAND))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getMeta().getCausationId()).isEqualTo(retrain.getMeta().getEventId()));
    assertThat(finished(TrainingTrigger.RETRAIN_COMMAND)).hasSize(1);
    assertThat(finished(TrainingTrigger.DRIFT)).hasSize(1);
    assertThat(pipeline.readCommitted(Topics.TRAINING_FAILED)).isEmpty();
    assertThat(trainer.isRunning()).isTrue();
  }

  private List<TrainingStarted> started(TrainingTrigger trigger) {
    return pipeline.readCommitted(Topics.TRAINING_STARTED).stream()
        .filter(s -> s.getTrigger() == trigger)
        .toList();
  }

  private List<TrainingFinished> finished(TrainingTrigger trigger) {
    return pipeline.readCommitted(Topics.TRAINING_FINISHED).stream()
        .filter(f -> f.getTrigger() == trigger)
        .toList();
  }
}
