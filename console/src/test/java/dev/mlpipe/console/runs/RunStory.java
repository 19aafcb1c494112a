package dev.mlpipe.console.runs;

import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.CheckSeverity;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds the events of one run as the stages would publish them, at times given in seconds after
 * the story's start. Tests tell a run's story in a few lines.
 */
public final class RunStory {

  public static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  public static final String ARTIFACT =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  public static final String DATA_HASH =
      "d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35";
  public static final String POLICY_HASH =
      "4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce";

  private final String runId;
  private final String model;
  private final Instant start;
  private String version = "v1";

  public RunStory(String runId, String model, Instant start) {
    this.runId = runId;
    this.model = model;
    this.start = start;
  }

  public RunStory version(String version) {
    this.version = version;
    return this;
  }

  public PipelineEvent commit(long at) {
    return event(
        Topics.COMMIT.name(),
        CommitPushed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setRepo("/repos/" + model)
            .setSha(SHA)
            .setAuthor("Ada")
            .setMessage("Tune the learning rate")
            .build());
  }

  public PipelineEvent drift(long at) {
    return event(
        Topics.DRIFT_DETECTED.name(),
        DriftDetected.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion("v0")
            .setKind(DriftKind.DATA)
            .setSeverity(DriftSeverity.DRIFT)
            .setWindowStart(start)
            .setWindowEnd(start)
            .build());
  }

  /**
   * A data-drift alarm on this story's version over the window ending at {@code at}, with one
   * feature's PSI.
   */
  public PipelineEvent featureDrift(long at, String feature, double psi, double threshold) {
    return event(
        Topics.DRIFT_DETECTED.name(),
        DriftDetected.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setKind(DriftKind.DATA)
            .setSeverity(psi > threshold ? DriftSeverity.DRIFT : DriftSeverity.WARNING)
            .setWindowStart(at(at - 60))
            .setWindowEnd(at(at))
            .setFeatures(
                List.of(
                    FeatureDrift.newBuilder()
                        .setFeature(feature)
                        .setStatistic("PSI")
                        .setValue(psi)
                        .setThreshold(threshold)
                        .setDrifted(psi > threshold)
                        .build()))
            .build());
  }

  /** The training of this story's version with these holdout metrics. */
  public PipelineEvent trainingFinished(long at, Map<String, Double> metrics) {
    TrainingFinished t = (TrainingFinished) trainingFinished(at).value();
    t.setMetrics(Map.copyOf(metrics));
    return event(Topics.TRAINING_FINISHED.name(), t);
  }

  public PipelineEvent trainingStarted(long at) {
    return event(
        Topics.TRAINING_STARTED.name(),
        TrainingStarted.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setCommitSha(SHA)
            .setTrigger(TrainingTrigger.COMMIT)
            .build());
  }

  public PipelineEvent trainingFinished(long at) {
    return event(
        Topics.TRAINING_FINISHED.name(),
        TrainingFinished.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setCommitSha(SHA)
            .setRecipe("sgd-mf")
            .setArtifact(artifact())
            .setMetrics(Map.of("rmse", 0.67))
            .setDataHash(DATA_HASH)
            .setEvalSplitHash(DATA_HASH)
            .setReferenceProfile(ReferenceProfile.newBuilder().setRowCount(100).build())
            .setTrainingMillis(400)
            .setEvaluationMillis(40)
            .build());
  }

  public PipelineEvent trainingFailed(long at, String reason) {
    return event(
        Topics.TRAINING_FAILED.name(),
        TrainingFailed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setCommitSha(SHA)
            .setPhase("data")
            .setReason(reason)
            .build());
  }

  public PipelineEvent validationPassed(long at) {
    return event(
        Topics.VALIDATION_PASSED.name(),
        ValidationPassed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setCommitSha(SHA)
            .setArtifact(artifact())
            .setReport(report(true))
            .build());
  }

  public PipelineEvent validationFailed(long at) {
    return event(
        Topics.VALIDATION_FAILED.name(),
        ValidationFailed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setCommitSha(SHA)
            .setArtifact(artifact())
            .setReport(report(false))
            .build());
  }

  public PipelineEvent deployed(long at, Environment environment, int percent) {
    return event(
        Topics.MODEL_DEPLOYED.name(),
        ModelDeployed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setArtifact(artifact())
            .setEnvironment(environment)
            .setStrategy(
                environment == Environment.PRODUCTION
                    ? RolloutStrategy.CANARY
                    : RolloutStrategy.DIRECT)
            .setTrafficPercent(percent)
            .build());
  }

  public PipelineEvent deploymentFailed(long at, Environment environment, String reason) {
    return event(
        Topics.DEPLOYMENT_FAILED.name(),
        DeploymentFailed.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setEnvironment(environment)
            .setReason(reason)
            .build());
  }

  /** A rollback from this story's version, published in the run {@code inRun}. */
  public PipelineEvent rolledBack(long at, String inRun, boolean automatic) {
    return event(
        Topics.ROLLED_BACK.name(),
        RolledBack.newBuilder()
            .setMeta(meta(at, inRun))
            .setModel(model)
            .setFromVersion(version)
            .setToVersion("v0")
            .setEnvironment(Environment.PRODUCTION)
            .setReason("canary rmse 0.91 above 0.80")
            .setAutomatic(automatic)
            .setRequestedBy(automatic ? null : "ops@host")
            .build());
  }

  /** An approval of this run, sent as a command with a run id of its own. */
  public PipelineEvent approve(long at, String by) {
    return event(
        Topics.COMMANDS.name(),
        PipelineCommand.newBuilder()
            .setMeta(meta(at, "cmd-" + UUID.randomUUID()))
            .setModel(model)
            .setRequestedBy(by)
            .setCommand(
                Approve.newBuilder().setRunId(runId).setEnvironment(Environment.PRODUCTION).build())
            .build());
  }

  public PipelineEvent prediction(long at) {
    return event(
        Topics.PREDICTION_LOGGED.name(),
        PredictionLogged.newBuilder()
            .setMeta(meta(at))
            .setModel(model)
            .setVersion(version)
            .setPredictionId("p-1")
            .setLatencyMicros(120)
            .build());
  }

  /** The whole happy path: commit, training, gate, staging, canary to 100% production. */
  public List<PipelineEvent> happyPath() {
    return List.of(
        commit(0),
        trainingStarted(1),
        trainingFinished(11),
        validationPassed(13),
        deployed(14, Environment.STAGING, 100),
        deployed(20, Environment.PRODUCTION, 5),
        deployed(30, Environment.PRODUCTION, 50),
        deployed(40, Environment.PRODUCTION, 100));
  }

  public Instant at(long seconds) {
    return start.plusSeconds(seconds);
  }

  private EventMeta meta(long at) {
    return meta(at, runId);
  }

  private EventMeta meta(long at, String run) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(run)
        .setOccurredAt(at(at))
        .setProducer("test@host")
        .build();
  }

  private static ArtifactRef artifact() {
    return ArtifactRef.newBuilder()
        .setSha256(ARTIFACT)
        .setUri("file:///tmp/artifacts/sha256/" + ARTIFACT)
        .setSizeBytes(2048)
        .build();
  }

  private static ValidationReport report(boolean passed) {
    return ValidationReport.newBuilder()
        .setPolicyHash(POLICY_HASH)
        .setChampionVersion("v0")
        .setChecks(
            List.of(
                GateCheck.newBuilder()
                    .setName("rmse_absolute")
                    .setMetric("rmse")
                    .setSeverity(CheckSeverity.CRITICAL)
                    .setComparator("<=")
                    .setThreshold(0.9)
                    .setCandidateValue(passed ? 0.67 : 0.95)
                    .setPassed(passed)
                    .setReason(passed ? "0.67 <= 0.9" : "0.95 > 0.9")
                    .build(),
                GateCheck.newBuilder()
                    .setName("ndcg_at_10_vs_champion")
                    .setMetric("ndcg_at_10")
                    .setSeverity(CheckSeverity.WARNING)
                    .setComparator("no worse than champion by 1%")
                    .setCandidateValue(0.31)
                    .setChampionValue(0.30)
                    .setPassed(true)
                    .setReason("0.31 vs champion 0.30")
                    .build()))
        .build();
  }

  private static PipelineEvent event(String topic, SpecificRecord value) {
    return PipelineEvent.of(topic, value);
  }
}
