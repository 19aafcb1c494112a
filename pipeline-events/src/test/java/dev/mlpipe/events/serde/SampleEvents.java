package dev.mlpipe.events.serde;

import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.CandidateResult;
import dev.mlpipe.schemas.CheckSeverity;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.FeedbackReceived;
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
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated instance of every event type (every optional field set, every collection
 * non-empty) for round-trip tests here and in later modules.
 */
public final class SampleEvents {

  public static final String MODEL = "movie-recommender";
  public static final String RUN_ID = "run-7f3a";
  public static final Instant OCCURRED_AT = Instant.parse("2025-03-14T09:26:53.589Z");

  private SampleEvents() {}

  /** Metadata of an event caused by another. */
  public static EventMeta meta() {
    return EventMeta.newBuilder()
        .setEventId("3f1c2a9e-8d4b-4c6e-9a1f-0b2c3d4e5f60")
        .setRunId(RUN_ID)
        .setCausationId("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
        .setOccurredAt(OCCURRED_AT)
        .setProducer("trainer@host-1")
        .build();
  }

  public static ArtifactRef artifact() {
    return ArtifactRef.newBuilder()
        .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setUri("file:///var/mlpipe/artifacts/sha256/9f86d081")
        .setSizeBytes(1_048_576L)
        .build();
  }

  public static FeatureProfile featureProfile() {
    return FeatureProfile.newBuilder()
        .setName("user_age")
        .setKind(FeatureKind.NUMERIC)
        .setCount(10_000L)
        .setMissingCount(12L)
        .setBinEdges(List.of(0.0, 18.0, 30.0, 50.0, 120.0))
        .setBinCounts(List.of(100L, 4000L, 4500L, 1388L))
        .setQuantiles(Map.of("p05", 19.0, "p50", 31.0, "p95", 62.0))
        .setMin(7.0)
        .setMax(99.0)
        .setCategoryCounts(Map.of("unknown", 12L))
        .build();
  }

  public static ValidationReport report() {
    GateCheck rmse =
        GateCheck.newBuilder()
            .setName("rmse_absolute")
            .setMetric("rmse")
            .setSeverity(CheckSeverity.CRITICAL)
            .setComparator("<=")
            .setThreshold(0.9)
            .setCandidateValue(0.71)
            .setChampionValue(0.73)
            .setPassed(true)
            .setReason("rmse 0.71 <= 0.9")
            .build();
    GateCheck ndcg =
        GateCheck.newBuilder(rmse)
            .setName("ndcg_at_10_vs_champion")
            .setMetric("ndcg_at_10")
            .setSeverity(CheckSeverity.WARNING)
            .setComparator("no worse than champion by 1%")
            .setThreshold(0.01)
            .setCandidateValue(0.41)
            .setChampionValue(0.40)
            .setReason("ndcg 0.41 vs champion 0.40")
            .build();
    return ValidationReport.newBuilder()
        .setChecks(List.of(rmse, ndcg))
        .setPolicyHash("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")
        .setChampionVersion("v41")
        .setVerification("recompute")
        .setWarnings(List.of("latency_p95_ms close to its limit"))
        .build();
  }

  public static CommitPushed commitPushed() {
    return CommitPushed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setRepo("https://example.org/ml/recommender.git")
        .setBranch("feature/ncf")
        .setSha("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setAuthor("Ada <ada@example.org>")
        .setMessage("Try neural collaborative filtering")
        .setSpecPath("models/recommender/mlpipe.yaml")
        .setChangedPaths(List.of("models/recommender/mlpipe.yaml", "README.md"))
        .setPullRequest(42)
        .build();
  }

  public static TrainingStarted trainingStarted() {
    return TrainingStarted.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setCommitSha("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setTrigger(TrainingTrigger.DRIFT)
        .setCandidates(List.of("mf-k10", "ncf-64"))
        .build();
  }

  public static TrainingFinished trainingFinished() {
    return TrainingFinished.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setCommitSha("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setTrigger(TrainingTrigger.RETRAIN_COMMAND)
        .setRecipe("matrix-factorisation")
        .setArtifact(artifact())
        .setMetrics(Map.of("rmse", 0.71, "ndcg_at_10", 0.41))
        .setHyperParameters(Map.of("k", "10", "epochs", "20"))
        .setDataHash("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
        .setEvalSplitHash("fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9")
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(10_000L)
                .setFeatures(List.of(featureProfile()))
                .setPrediction(
                    FeatureProfile.newBuilder(featureProfile()).setName("prediction").build())
                .build())
        .setCandidates(
            List.of(
                CandidateResult.newBuilder()
                    .setName("mf-k10")
                    .setRecipe("matrix-factorisation")
                    .setMetrics(Map.of("rmse", 0.71))
                    .setChosen(true)
                    .build()))
        .setTrainingMillis(18_000L)
        .setEvaluationMillis(450L)
        .build();
  }

  public static TrainingFailed trainingFailed() {
    return TrainingFailed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setCommitSha("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setPhase("data")
        .setReason("data source ratings.csv not found; check data.path in mlpipe.yaml")
        .setErrorClass("java.nio.file.NoSuchFileException")
        .build();
  }

  public static ValidationPassed validationPassed() {
    return ValidationPassed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setCommitSha("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setArtifact(artifact())
        .setMetrics(Map.of("rmse", 0.71))
        .setReport(report())
        .build();
  }

  public static ValidationFailed validationFailed() {
    return ValidationFailed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v43")
        .setCommitSha("b94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        .setArtifact(artifact())
        .setMetrics(Map.of("rmse", 1.2))
        .setReport(report())
        .build();
  }

  public static ModelDeployed modelDeployed() {
    return ModelDeployed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setArtifact(artifact())
        .setEnvironment(Environment.PRODUCTION)
        .setStrategy(RolloutStrategy.CANARY)
        .setTrafficPercent(25)
        .setPreviousVersion("v41")
        .setApprovedBy("alice")
        .setMetrics(Map.of("error_rate", 0.001))
        .setPreviousEventHash("d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
        .build();
  }

  public static DeploymentFailed deploymentFailed() {
    return DeploymentFailed.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setEnvironment(Environment.STAGING)
        .setReason("checksum mismatch: expected 9f86d081, found 00000000")
        .setPreviousEventHash("e7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
        .build();
  }

  public static RolledBack rolledBack() {
    return RolledBack.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setFromVersion("v42")
        .setToVersion("v41")
        .setEnvironment(Environment.PRODUCTION)
        .setReason("canary error rate 4% > 1%")
        .setAutomatic(false)
        .setRequestedBy("bob@laptop")
        .setPreviousEventHash("f7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
        .build();
  }

  public static PredictionLogged predictionLogged() {
    return PredictionLogged.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setPredictionId("p-123")
        .setNumericInputs(Map.of("user_age", 31.0))
        .setCategoricalInputs(Map.of("country", "NZ"))
        .setOutputScore(4.2)
        .setOutputItems(List.of("movie-1", "movie-2"))
        .setFallback(true)
        .setLatencyMicros(850L)
        .build();
  }

  public static FeedbackReceived feedbackReceived() {
    return FeedbackReceived.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setPredictionId("p-123")
        .setActual(4.0)
        .setItem("movie-1")
        .build();
  }

  public static DriftDetected driftDetected() {
    return DriftDetected.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setVersion("v42")
        .setKind(DriftKind.DATA)
        .setSeverity(DriftSeverity.DRIFT)
        .setWindowStart(Instant.parse("2025-03-14T08:00:00Z"))
        .setWindowEnd(Instant.parse("2025-03-14T09:00:00.250Z"))
        .setSampleSize(5_000L)
        .setFeatures(
            List.of(
                FeatureDrift.newBuilder()
                    .setFeature("user_age")
                    .setStatistic("PSI")
                    .setValue(0.31)
                    .setPValue(0.001)
                    .setThreshold(0.2)
                    .setDrifted(true)
                    .build()))
        .build();
  }

  public static PipelineCommand pipelineCommand() {
    return PipelineCommand.newBuilder()
        .setMeta(meta())
        .setModel(MODEL)
        .setRequestedBy("alice@console")
        .setCommand(
            Approve.newBuilder().setRunId(RUN_ID).setEnvironment(Environment.PRODUCTION).build())
        .build();
  }

  /** Every event type, one populated instance each, in the catalogue's order. */
  public static List<SpecificRecord> all() {
    return List.of(
        commitPushed(),
        trainingStarted(),
        trainingFinished(),
        trainingFailed(),
        validationPassed(),
        validationFailed(),
        modelDeployed(),
        deploymentFailed(),
        rolledBack(),
        predictionLogged(),
        feedbackReceived(),
        driftDetected(),
        pipelineCommand());
  }
}
