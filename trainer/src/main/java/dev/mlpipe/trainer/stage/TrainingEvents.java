package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.CandidateResult;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.run.TrainingOutcome;
import java.util.List;
import java.util.Objects;

/** Builds the trainer's events for a run caused by an event with the given metadata. */
public final class TrainingEvents {

  private final EventMetas metas;

  public TrainingEvents(EventMetas metas) {
    this.metas = Objects.requireNonNull(metas, "metas");
  }

  public TrainingStarted started(
      EventMeta cause, String model, String commitSha, List<String> candidates) {
    return TrainingStarted.newBuilder()
        .setMeta(metas.causedBy(cause))
        .setModel(model)
        .setCommitSha(commitSha)
        .setTrigger(TrainingTrigger.COMMIT)
        .setCandidates(candidates)
        .build();
  }

  public TrainingFinished finished(
      EventMeta cause, String commitSha, TrainingOutcome.Trained trained) {
    return TrainingFinished.newBuilder()
        .setMeta(metas.causedBy(cause))
        .setModel(trained.model())
        .setVersion(trained.version())
        .setCommitSha(commitSha)
        .setTrigger(TrainingTrigger.COMMIT)
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
        .build();
  }

  public TrainingFailed failed(
      EventMeta cause, String model, String commitSha, TrainingOutcome.Failed failed) {
    return TrainingFailed.newBuilder()
        .setMeta(metas.causedBy(cause))
        .setModel(model)
        .setCommitSha(commitSha)
        .setPhase(failed.phase().wireName())
        .setReason(failed.reason())
        .setErrorClass(failed.errorClass())
        .build();
  }
}
