package dev.mlpipe.trainer;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events of the retrain loop with the fields that matter set, the rest from SampleEvents. */
public final class RetrainEvents {

  private RetrainEvents() {}

  public static EventMeta meta(String runId, String causationId, Instant at) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(causationId)
        .setOccurredAt(at)
        .setProducer("test")
        .build();
  }

  public static CommitPushed commit(
      String model, String repo, String sha, String specPath, String runId) {
    return CommitPushed.newBuilder(SampleEvents.commitPushed())
        .setMeta(meta(runId, null, Instant.parse("2026-01-01T00:00:00Z")))
        .setModel(model)
        .setRepo(repo)
        .setSha(sha)
        .setSpecPath(specPath)
        .setChangedPaths(List.of())
        .setPullRequest(null)
        .build();
  }

  public static TrainingStarted started(
      String model, String sha, String runId, TrainingTrigger trigger, String cause, Instant at) {
    return TrainingStarted.newBuilder(SampleEvents.trainingStarted())
        .setMeta(meta(runId, cause, at))
        .setModel(model)
        .setCommitSha(sha)
        .setTrigger(trigger)
        .build();
  }

  public static TrainingFinished finished(
      String model, String version, String sha, String runId, TrainingTrigger trigger) {
    return TrainingFinished.newBuilder(SampleEvents.trainingFinished())
        .setMeta(meta(runId, null, Instant.parse("2026-01-01T00:01:00Z")))
        .setModel(model)
        .setVersion(version)
        .setCommitSha(sha)
        .setTrigger(trigger)
        .build();
  }

  public static TrainingFailed failed(String model, String sha, String runId) {
    return TrainingFailed.newBuilder(SampleEvents.trainingFailed())
        .setMeta(meta(runId, null, Instant.parse("2026-01-01T00:01:00Z")))
        .setModel(model)
        .setCommitSha(sha)
        .build();
  }

  public static ModelDeployed deployed(
      String model, String version, Environment env, int share, String previous, Instant at) {
    return ModelDeployed.newBuilder(SampleEvents.modelDeployed())
        .setMeta(meta("deploy-run", null, at))
        .setModel(model)
        .setVersion(version)
        .setEnvironment(env)
        .setStrategy(RolloutStrategy.CANARY)
        .setTrafficPercent(share)
        .setPreviousVersion(previous)
        .build();
  }

  public static RolledBack rolledBack(String model, String from, String to, Instant at) {
    return RolledBack.newBuilder(SampleEvents.rolledBack())
        .setMeta(meta("rollback-run", null, at))
        .setModel(model)
        .setFromVersion(from)
        .setToVersion(to)
        .setEnvironment(Environment.PRODUCTION)
        .build();
  }

  public static DriftDetected drift(
      String model, DriftKind kind, Instant windowStart, Instant windowEnd, Instant at) {
    return DriftDetected.newBuilder(SampleEvents.driftDetected())
        .setMeta(meta(UUID.randomUUID().toString(), null, at))
        .setModel(model)
        .setKind(kind)
        .setSeverity(DriftSeverity.DRIFT)
        .setWindowStart(windowStart)
        .setWindowEnd(windowEnd)
        .build();
  }

  public static PipelineCommand retrainCommand(String model, Instant at) {
    return PipelineCommand.newBuilder(SampleEvents.pipelineCommand())
        .setMeta(meta(UUID.randomUUID().toString(), null, at))
        .setModel(model)
        .setRequestedBy("alice@test")
        .setCommand(Retrain.newBuilder().setReason("new data arrived").build())
        .build();
  }

  public static PredictionLogged prediction(String model, String predictionId, int user) {
    return PredictionLogged.newBuilder(SampleEvents.predictionLogged())
        .setMeta(meta("serving", null, Instant.parse("2026-01-01T00:02:00Z")))
        .setModel(model)
        .setPredictionId(predictionId)
        .setNumericInputs(Map.of("k", 10.0))
        .setCategoricalInputs(Map.of("user", String.valueOf(user)))
        .build();
  }

  public static FeedbackReceived feedback(
      String model, String predictionId, int item, double rating, Instant at) {
    return FeedbackReceived.newBuilder(SampleEvents.feedbackReceived())
        .setMeta(meta("feedback", null, at))
        .setModel(model)
        .setPredictionId(predictionId)
        .setItem(String.valueOf(item))
        .setActual(rating)
        .build();
  }
}
