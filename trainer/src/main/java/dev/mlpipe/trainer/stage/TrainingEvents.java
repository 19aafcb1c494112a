package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.CandidateResult;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.trainer.run.TrainingOutcome;
import java.util.List;
import java.util.Objects;

/**
 * Builds the trainer's events for a run: each names the run's id, the trigger, and the event that
 * caused the run as its causation.
 */
public final class TrainingEvents {

  private final EventMetas metas;

  public TrainingEvents(EventMetas metas) {
    this.metas = Objects.requireNonNull(metas, "metas");
  }

  public TrainingStarted started(
      RunCause cause, String model, String commitSha, List<String> candidates) {
    return TrainingStarted.newBuilder()
        .setMeta(meta(cause))
        .setModel(model)
        .setCommitSha(commitSha)
        .setTrigger(cause.trigger())
        .setCandidates(candidates)
        .build();
  }

  public TrainingFinished finished(
      RunCause cause, String commitSha, TrainingOutcome.Trained trained) {
    return TrainingFinished.newBuilder()
        .setMeta(meta(cause))
        .setModel(trained.model())
        .setVersion(trained.version())
        .setCommitSha(commitSha)
        .setTrigger(cause.trigger())
        .setRecipe(trained.recipe())
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256(trained.artifact().sha256())
                .setUri(trained.artifact().uri().toString())
                .setSizeBytes(trained.artifact().sizeBytes())
                .build())
        .setMetrics(trained.metrics())
        .setHyperParameters(trained.hyperParameters())
        .setDataHash(trained.dataHash())
        .setEvalSplitHash(trained.evalSplitHash())
        .setReferenceProfile(trained.profile())
        .setCandidates(
            trained.candidates().stream()
                .map(
                    c ->
                        CandidateResult.newBuilder()
                            .setName(c.name())
                            .setRecipe(c.recipe())
                            .setMetrics(c.metrics())
                            .setChosen(c.chosen())
                            .build())
                .toList())
        .setTrainingMillis(trained.trainingMillis())
        .setEvaluationMillis(trained.evaluationMillis())
        .setGatePolicy(trained.gatePolicy())
        .setTrainSplitHash(trained.trainSplitHash())
        .build();
  }

  public TrainingFailed failed(
      RunCause cause, String model, String commitSha, TrainingOutcome.Failed failed) {
    return TrainingFailed.newBuilder()
        .setMeta(meta(cause))
        .setModel(model)
        .setCommitSha(commitSha)
        .setPhase(failed.phase().wireName())
        .setReason(failed.reason())
        .setErrorClass(failed.errorClass())
        .build();
  }

  /** Caused by the cause's event, in the cause's run (a retrain's is not its trigger's). */
  private EventMeta meta(RunCause cause) {
    EventMeta meta = metas.causedBy(cause.cause());
    return meta.getRunId().equals(cause.runId())
        ? meta
        : EventMeta.newBuilder(meta).setRunId(cause.runId()).build();
  }
}
