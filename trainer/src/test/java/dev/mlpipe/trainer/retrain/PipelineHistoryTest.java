package dev.mlpipe.trainer.retrain;

import static dev.mlpipe.trainer.RetrainEvents.commit;
import static dev.mlpipe.trainer.RetrainEvents.deployed;
import static dev.mlpipe.trainer.RetrainEvents.failed;
import static dev.mlpipe.trainer.RetrainEvents.finished;
import static dev.mlpipe.trainer.RetrainEvents.rolledBack;
import static dev.mlpipe.trainer.RetrainEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineHistoryTest {

  private static final String MODEL = "recsys";
  private static final String SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
  private static final String OTHER_SHA = "b94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final PipelineHistory history = new PipelineHistory();

  @Test
  void shouldKnowNothingIsDeployedBeforeAnyProductionDeployment() {
    history.apply(commit(MODEL, "/repos/recsys", SHA, "mlpipe.yaml", "run-1"));
    history.apply(finished(MODEL, "v1", SHA, "run-1", TrainingTrigger.COMMIT));
    history.apply(deployed(MODEL, "v1", Environment.STAGING, 100, null, T0));

    assertThat(history.deployment(MODEL)).isEqualTo(new Deployment.None());
  }

  @Test
  void shouldFindTheSpecOfTheProductionVersionThroughItsCommitRun() {
    history.apply(deployed(MODEL, "v1", Environment.PRODUCTION, 100, null, T0));
    history.apply(finished(MODEL, "v1", SHA, "run-1", TrainingTrigger.COMMIT));
    history.apply(commit(MODEL, "/repos/recsys", "a94a8fe", "models/recsys/mlpipe.yaml", "run-1"));

    assertThat(history.deployment(MODEL))
        .isEqualTo(
            new Deployment.Serving(
                "v1",
                Optional.of(new ModelSource("/repos/recsys", SHA, "models/recsys/mlpipe.yaml"))));
  }

  @Test
  void shouldFindTheSpecOfARetrainedVersionThroughTheCommitRunOfTheSameCommit() {
    history.apply(commit(MODEL, "/repos/recsys", SHA, "mlpipe.yaml", "run-1"));
    history.apply(finished(MODEL, "v1", SHA, "run-1", TrainingTrigger.COMMIT));
    history.apply(finished(MODEL, "v2", SHA, "retrain-1", TrainingTrigger.DRIFT));
    history.apply(deployed(MODEL, "v2", Environment.PRODUCTION, 100, "v1", T0));

    assertThat(history.deployment(MODEL))
        .isEqualTo(
            new Deployment.Serving(
                "v2", Optional.of(new ModelSource("/repos/recsys", SHA, "mlpipe.yaml"))));
  }

  @Test
  void shouldFindTheSpecOfAVersionTrainedInARunOfItsOwnByItsCommitEvent() {
    // A push of several model directories: each run has its own run id, caused by the commit.
    CommitPushed push =
        CommitPushed.newBuilder(commit(MODEL, "/repos/models", SHA, "mlpipe.yaml", "push-run"))
            .setChangedPaths(List.of("recsys/u.data", "fraud/train.csv"))
            .build();
    history.apply(push);
    TrainingFinished finished = finished(MODEL, "v1", SHA, "recsys-run", TrainingTrigger.COMMIT);
    finished.getMeta().setCausationId(push.getMeta().getEventId());
    history.apply(finished);
    history.apply(deployed(MODEL, "v1", Environment.PRODUCTION, 100, null, T0));

    assertThat(history.deployment(MODEL))
        .isEqualTo(
            new Deployment.Serving(
                "v1",
                Optional.of(
                    new ModelSource(
                        "/repos/models",
                        SHA,
                        "mlpipe.yaml",
                        List.of("recsys/u.data", "fraud/train.csv")))));
  }

  @Test
  void shouldNotKnowTheSpecOfAVersionWhoseCommitEventIsUnknown() {
    history.apply(finished(MODEL, "v1", SHA, "run-1", TrainingTrigger.COMMIT));
    history.apply(deployed(MODEL, "v1", Environment.PRODUCTION, 100, null, T0));

    assertThat(history.deployment(MODEL)).isEqualTo(new Deployment.Serving("v1", Optional.empty()));
  }

  @Test
  void shouldKeepTheStableVersionWhileACanaryRunsAndServeTheCanaryAtFullTraffic() {
    history.apply(deployed(MODEL, "v1", Environment.PRODUCTION, 100, null, T0));
    history.apply(deployed(MODEL, "v2", Environment.PRODUCTION, 25, "v1", T0.plusSeconds(10)));

    assertThat(servingVersion()).isEqualTo("v1");

    history.apply(deployed(MODEL, "v2", Environment.PRODUCTION, 100, "v1", T0.plusSeconds(20)));

    assertThat(servingVersion()).isEqualTo("v2");
  }

  @Test
  void shouldServeAModelsFirstVersionFromItsFirstCanaryStep() {
    history.apply(deployed(MODEL, "v1", Environment.PRODUCTION, 5, null, T0));

    assertThat(servingVersion()).isEqualTo("v1");
  }

  @Test
  void shouldOrderARollbackAndADeploymentByTimeWhateverTheOrderTheyAreRead() {
    history.apply(rolledBack(MODEL, "v2", "v1", T0.plusSeconds(60)));
    history.apply(deployed(MODEL, "v2", Environment.PRODUCTION, 100, "v1", T0));

    assertThat(servingVersion()).isEqualTo("v1");
  }

  @Test
  void shouldTellARetrainsStateFromStartedToPendingToCommitted() {
    history.apply(started(MODEL, SHA, "run-1", TrainingTrigger.COMMIT, "commit-event", T0));
    history.apply(started(MODEL, SHA, "retrain-1", TrainingTrigger.DRIFT, "drift-event", T0));

    assertThat(history.retrains(MODEL))
        .containsExactly(
            new PastRetrain("retrain-1", "drift-event", T0, PastRetrain.State.STARTED));

    history.recordPending(MODEL, "retrain-1", "drift-event", "drift-0@4", T0.plusSeconds(1));

    assertThat(history.retrains(MODEL))
        .containsExactly(
            new PastRetrain(
                "retrain-1",
                "drift-event",
                T0,
                PastRetrain.State.PENDING,
                Optional.of("drift-0@4")));

    history.apply(failed(MODEL, SHA, "retrain-1"));

    assertThat(history.retrains(MODEL))
        .containsExactly(
            new PastRetrain("retrain-1", "drift-event", T0, PastRetrain.State.COMMITTED));
  }

  @Test
  void shouldKnowARetrainFromItsTrainingFinishedWhenItsTrainingStartedWasLost() {
    history.apply(finished(MODEL, "v2", OTHER_SHA, "retrain-2", TrainingTrigger.RETRAIN_COMMAND));

    assertThat(history.retrains(MODEL))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo("retrain-2");
              assertThat(r.state()).isEqualTo(PastRetrain.State.COMMITTED);
            });
  }

  private String servingVersion() {
    return ((Deployment.Serving) history.deployment(MODEL)).version();
  }
}
