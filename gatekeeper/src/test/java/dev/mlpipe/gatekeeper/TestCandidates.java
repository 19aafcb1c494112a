package dev.mlpipe.gatekeeper;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.eval.RecommenderMetrics;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingTrigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real candidate for tests: a small hand-built factor model and its evaluation rows written to an
 * artifact store, and TrainingFinished events that point at them with the metrics the model really
 * has on those rows.
 */
public final class TestCandidates {

  public static final String MODEL = SampleEvents.MODEL;

  private final ArtifactStore store;
  private final StoredArtifact artifact;
  private final String evalSplitHash;
  private final String trainSplitHash;
  private final RecommenderMetrics truth;
  private final RecommenderMetrics rankingTruth;

  public TestCandidates(Path storeDir) {
    this.store = ArtifactStore.at(storeDir);
    FactorModel model =
        FactorModel.of(
            3.5,
            1,
            5,
            2,
            new int[] {1, 2, 3},
            new int[] {10, 20, 30},
            new double[] {0.2, -0.1, 0.0},
            new double[] {0.3, -0.2, 0.1},
            new double[] {0.5, 0.1, -0.3, 0.4, 0.2, 0.2},
            new double[] {0.6, -0.1, 0.2, 0.5, -0.4, 0.3});
    int[] users = {1, 1, 2, 2, 3, 3};
    int[] items = {10, 20, 20, 30, 10, 30};
    double[] noise = {0.2, -0.3, 0.1, 0.25, -0.2, 0.15};
    float[] ratings = new float[users.length];
    for (int row = 0; row < users.length; row++) {
      ratings[row] = (float) (model.predict(users[row], items[row]) + noise[row]);
    }
    RatingTable holdout = RatingTable.of(users, items, ratings, new long[] {1, 2, 3, 4, 5, 6});
    this.evalSplitHash = store.put(holdout.toCanonicalBytes()).sha256();
    this.truth = RecommenderEvaluator.evaluate(model, RatingTable.builder().build(), holdout);
    // Each user rated one other item in training, which the top-10 lists must leave out.
    RatingTable train =
        RatingTable.of(
            new int[] {1, 2, 3},
            new int[] {30, 10, 20},
            new float[] {4.5f, 2f, 3f},
            new long[] {1, 2, 3});
    this.trainSplitHash = store.put(train.toCanonicalBytes()).sha256();
    this.rankingTruth = RecommenderEvaluator.evaluate(model, train, holdout);
    ModelCard card =
        new ModelCard(
            MODEL,
            "v1",
            "recommender-sgd-mf",
            Map.of("rank", "2"),
            "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
            "run-1",
            "d".repeat(64),
            evalSplitHash,
            Map.of("rmse", truth.rmse()),
            Instant.parse("2026-01-01T00:00:00Z"));
    this.artifact = ArtifactFormat.store(store, new ModelArtifact(card, model));
  }

  public ArtifactStore store() {
    return store;
  }

  public StoredArtifact artifact() {
    return artifact;
  }

  /** The model's true RMSE on its evaluation rows. */
  public double rmse() {
    return truth.rmse();
  }

  /** The SHA-256 (and store key) of the training rows the true top-10 metrics excluded. */
  public String trainSplitHash() {
    return trainSplitHash;
  }

  /** The model's true metrics with its training split: rmse and mae, and the top-10 metrics. */
  public RecommenderMetrics rankingTruth() {
    return rankingTruth;
  }

  /**
   * An honest candidate that references its training split, so every critical metric is
   * re-computed; {@code metrics} are laid over the model's true ones.
   */
  public TrainingFinished finishedWithTrainSplit(
      String version, Map<String, Double> metrics, String gatePolicy) {
    Map<String, Double> all = new HashMap<>(honestMetrics());
    all.putAll(rankingTruth.asMap());
    all.putAll(metrics);
    return TrainingFinished.newBuilder(finished(version, all, gatePolicy))
        .setTrainSplitHash(trainSplitHash)
        .build();
  }

  /** Metrics that meet every recommender default, with the model's true rmse and mae. */
  public Map<String, Double> honestMetrics() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("rmse", truth.rmse());
    metrics.put("mae", truth.mae());
    metrics.put("precision_at_10", 0.1);
    metrics.put("recall_at_10", 0.1);
    metrics.put("ndcg_at_10", 0.1);
    metrics.put("catalogue_coverage", 0.5);
    metrics.put("intra_list_diversity", 0.6);
    metrics.put("latency_p95_ms", 0.2);
    return metrics;
  }

  /** An honest candidate of the given version with the repository's policy (null for none). */
  public TrainingFinished finished(String version, String gatePolicy) {
    return finished(version, honestMetrics(), gatePolicy);
  }

  public TrainingFinished finished(String version, Map<String, Double> metrics, String gatePolicy) {
    return TrainingFinished.newBuilder(SampleEvents.trainingFinished())
        .setMeta(
            EventMeta.newBuilder(SampleEvents.meta())
                .setEventId(UUID.randomUUID().toString())
                .setRunId("run-" + version)
                .build())
        .setVersion(version)
        .setTrigger(TrainingTrigger.COMMIT)
        .setRecipe("recommender-sgd-mf")
        .setArtifact(
            ArtifactRef.newBuilder()
                .setSha256(artifact.sha256())
                .setUri(artifact.uri().toString())
                .setSizeBytes(artifact.sizeBytes())
                .build())
        .setMetrics(metrics)
        .setEvalSplitHash(evalSplitHash)
        .setTrainingMillis(1_500L)
        .setGatePolicy(gatePolicy)
        .build();
  }

  /** The deployment of a version at a traffic share of production, with its metrics. */
  public static ModelDeployed deployed(String version, int trafficPercent, Map<String, Double> m) {
    return ModelDeployed.newBuilder(SampleEvents.modelDeployed())
        .setVersion(version)
        .setEnvironment(Environment.PRODUCTION)
        .setStrategy(RolloutStrategy.CANARY)
        .setTrafficPercent(trafficPercent)
        .setMetrics(m)
        .build();
  }
}
