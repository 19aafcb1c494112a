package dev.mlpipe.gatekeeper.verify;

import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.Severity;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.eval.Metric;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.eval.TabularEvaluator;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a candidate's artifact and re-computes its metrics on the evaluation split.
 *
 * <p>For recommenders the rating-error metrics ({@code rmse}, {@code mae}) depend on the model and
 * the evaluation rows alone. The top-10 metrics ({@link #RECOMPUTABLE_RANKING}) also leave out the
 * items each user rated in training, so they are re-computed when the event references the training
 * split ({@code trainSplitHash}) and the store holds it, with the trainer's own {@link
 * RecommenderEvaluator}; an event without it (an older trainer) has them reported as trusted in the
 * report's notes.
 *
 * <p>For tabular models (an MLP artifact) every holdout metric depends on the model (its weights,
 * encoders and decision threshold) and the evaluation rows alone, so every critical one among
 * {@link #RECOMPUTABLE_TABULAR} is re-computed with the trainer's own evaluator.
 */
public final class ArtifactVerifier {

  /** The metrics this verifier can re-compute from the model and the evaluation rows. */
  public static final Set<String> RECOMPUTABLE = Set.of(Metric.RMSE.key(), Metric.MAE.key());

  /**
   * A recommender's metrics this verifier can re-compute when it also has the training split: the
   * top-10 lists exclude what each user rated in training.
   */
  public static final Set<String> RECOMPUTABLE_RANKING =
      Set.of(
          Metric.PRECISION_AT_10.key(),
          Metric.RECALL_AT_10.key(),
          Metric.NDCG_AT_10.key(),
          Metric.CATALOGUE_COVERAGE.key(),
          Metric.INTRA_LIST_DIVERSITY.key());

  /** The metrics this verifier can re-compute for a tabular model from its evaluation rows. */
  public static final Set<String> RECOMPUTABLE_TABULAR =
      Set.of(
          Metric.PRECISION.key(),
          Metric.RECALL.key(),
          Metric.F1.key(),
          Metric.ROC_AUC.key(),
          Metric.PR_AUC.key(),
          Metric.RMSE.key(),
          Metric.MAE.key(),
          Metric.R2.key());

  private final ArtifactStore store;

  /**
   * @param store the local content-addressed store; artifacts and evaluation splits are read here
   */
  public ArtifactVerifier(ArtifactStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Verifies one candidate.
   *
   * @param artifactUri where the trainer says the artifact is; used when the local store lacks it
   * @param artifactSha256 the artifact's expected SHA-256
   * @param evalSplitHash the SHA-256 of the evaluation rows, read from the local store
   * @param trainSplitHash the SHA-256 of a recommender's training rows, read from the local store
   *     to re-compute the top-10 metrics; null when the event references none
   * @param reported the trainer's metrics
   * @param kind the model's kind: recommenders' evaluation split is a rating table, classifiers'
   *     and regressors' a tabular table
   * @param critical the metrics the policy's critical checks name: those re-computed when possible
   * @param mode recompute or trust
   * @param tolerance allowed difference, relative to max(1, |reported|)
   */
  public Verification verify(
      String artifactUri,
      String artifactSha256,
      String evalSplitHash,
      String trainSplitHash,
      Map<String, Double> reported,
      ModelKind kind,
      Set<String> critical,
      VerifyMode mode,
      double tolerance) {
    ModelArtifact artifact;
    try {
      artifact = load(artifactUri, artifactSha256);
    } catch (ArtifactException | IllegalArgumentException e) {
      return new Verification(false, e.getMessage(), Map.of(), List.of(), List.of());
    }
    if (mode == VerifyMode.TRUST) {
      return new Verification(
          true, "", Map.of(), List.of(), List.of("verify: trust, the trainer's metrics are used"));
    }
    if (kind != ModelKind.RECOMMENDER) {
      return verifyTabular(artifact, evalSplitHash, reported, kind, critical, tolerance);
    }
    return verifyRecommender(
        artifact.factors(), evalSplitHash, trainSplitHash, reported, critical, tolerance);
  }

  private Verification verifyRecommender(
      FactorModel model,
      String evalSplitHash,
      String trainSplitHash,
      Map<String, Double> reported,
      Set<String> critical,
      double tolerance) {
    List<String> notes = new ArrayList<>();
    Set<String> recompute = new TreeSet<>(critical);
    recompute.retainAll(RECOMPUTABLE);
    Set<String> ranking = new TreeSet<>(critical);
    ranking.retainAll(RECOMPUTABLE_RANKING);
    if (trainSplitHash == null) {
      for (String metric : ranking) {
        if (reported.containsKey(metric)) {
          notes.add(
              metric
                  + " not re-computed: it needs the training split, which the event does not"
                  + " reference (trainSplitHash); the trainer's value is used");
        }
      }
      ranking.clear();
    }
    recompute.addAll(ranking);
    if (recompute.isEmpty()) {
      return new Verification(true, "", Map.of(), List.of(), notes);
    }
    RatingTable holdout;
    try {
      holdout = ratings(evalSplitHash);
    } catch (ArtifactException | IllegalArgumentException e) {
      return new Verification(
          true, "", Map.of(), unusableSplit(recompute, evalSplitHash, tolerance, e), notes);
    }
    Map<String, Double> recomputed = ratingErrors(model, holdout);
    List<CheckResult> failed = new ArrayList<>();
    if (!ranking.isEmpty()) {
      try {
        RatingTable train = ratings(trainSplitHash);
        recomputed =
            new LinkedHashMap<>(RecommenderEvaluator.evaluate(model, train, holdout).asMap());
      } catch (ArtifactException | IllegalArgumentException e) {
        recompute.removeAll(ranking);
        failed.addAll(unusableSplit(ranking, "training split", trainSplitHash, tolerance, e));
      }
    }
    recomputed.keySet().retainAll(recompute);
    List<CheckResult> checks = new ArrayList<>(failed);
    for (Map.Entry<String, Double> entry : recomputed.entrySet()) {
      checks.add(
          agreement(entry.getKey(), entry.getValue(), reported.get(entry.getKey()), tolerance));
    }
    return new Verification(true, "", recomputed, checks, notes);
  }

  /** A rating table from the store, refused when it holds no rows. */
  private RatingTable ratings(String sha256) {
    RatingTable table = RatingTable.fromCanonicalBytes(store.read(sha256));
    if (table.size() == 0) {
      throw new IllegalArgumentException("it holds no rows");
    }
    return table;
  }

  private Verification verifyTabular(
      ModelArtifact artifact,
      String evalSplitHash,
      Map<String, Double> reported,
      ModelKind kind,
      Set<String> critical,
      double tolerance) {
    if (!artifact.isTabular()) {
      return new Verification(
          false,
          "the artifact holds a factor model, but recipe of a "
              + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " must store an MLP",
          Map.of(),
          List.of(),
          List.of());
    }
    MlpModel mlp = artifact.mlp();
    if (mlp.task() != TabularTask.of(kind)) {
      return new Verification(
          false,
          "the artifact's MLP is a " + mlp.task() + " model, not a " + kind,
          Map.of(),
          List.of(),
          List.of());
    }
    Set<String> recompute = new TreeSet<>(critical);
    recompute.retainAll(RECOMPUTABLE_TABULAR);
    recompute.removeIf(metric -> !Metric.byKey(metric).orElseThrow().appliesTo(kind));
    if (recompute.isEmpty()) {
      return new Verification(true, "", Map.of(), List.of(), List.of());
    }
    Map<String, Double> recomputed;
    try {
      TabularTable holdout = TabularTable.fromCanonicalBytes(store.read(evalSplitHash));
      if (holdout.size() == 0) {
        throw new IllegalArgumentException("it holds no rows");
      }
      recomputed = tabularMetrics(mlp, holdout);
    } catch (ArtifactException | IllegalArgumentException e) {
      return new Verification(
          true, "", Map.of(), unusableSplit(recompute, evalSplitHash, tolerance, e), List.of());
    }
    recomputed.keySet().retainAll(recompute);
    List<CheckResult> checks = new ArrayList<>();
    for (Map.Entry<String, Double> entry : recomputed.entrySet()) {
      checks.add(
          agreement(entry.getKey(), entry.getValue(), reported.get(entry.getKey()), tolerance));
    }
    return new Verification(true, "", recomputed, checks, List.of());
  }

  /**
   * A tabular model's holdout metrics, computed exactly as the trainer's evaluation computes them.
   */
  static Map<String, Double> tabularMetrics(MlpModel model, TabularTable holdout) {
    double[] predicted = model.predict(holdout);
    return new LinkedHashMap<>(
        model.task() == TabularTask.BINARY_CLASSIFICATION
            ? TabularEvaluator.classifier(predicted, holdout.targets(), model.threshold()).asMap()
            : TabularEvaluator.regressor(predicted, holdout.targets()).asMap());
  }

  private static List<CheckResult> unusableSplit(
      Set<String> metrics, String evalSplitHash, double tolerance, RuntimeException e) {
    return unusableSplit(metrics, "evaluation split", evalSplitHash, tolerance, e);
  }

  private static List<CheckResult> unusableSplit(
      Set<String> metrics, String split, String hash, double tolerance, RuntimeException e) {
    List<CheckResult> failed = new ArrayList<>();
    for (String metric : metrics) {
      failed.add(
          new CheckResult(
              metric + "_recomputed",
              metric,
              Severity.CRITICAL,
              "|recomputed - reported| <= tolerance",
              tolerance,
              null,
              null,
              false,
              "cannot re-compute "
                  + metric
                  + ": "
                  + split
                  + " "
                  + hash
                  + " unusable: "
                  + e.getMessage()));
    }
    return failed;
  }

  private ModelArtifact load(String uri, String sha256) {
    if (store.contains(sha256)) {
      return ArtifactFormat.load(store, sha256);
    }
    return ArtifactFormat.decode(ArtifactStore.read(URI.create(uri), sha256));
  }

  /** RMSE and MAE over every row, computed exactly as the trainer's evaluation computes them. */
  static Map<String, Double> ratingErrors(FactorModel model, RatingTable holdout) {
    RecommenderEvaluator.RatingErrors errors = RecommenderEvaluator.ratingErrors(model, holdout);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(Metric.RMSE.key(), errors.rmse());
    metrics.put(Metric.MAE.key(), errors.mae());
    return metrics;
  }

  private static CheckResult agreement(
      String metric, double recomputed, Double reported, double tolerance) {
    String name = metric + "_recomputed";
    String comparator = "|recomputed - reported| <= tolerance";
    if (reported == null) {
      return new CheckResult(
          name,
          metric,
          Severity.CRITICAL,
          comparator,
          tolerance,
          recomputed,
          null,
          true,
          "the trainer reported no " + metric + "; the re-computed " + recomputed + " is used");
    }
    double allowed = tolerance * Math.max(1, Math.abs(reported));
    double difference = Math.abs(recomputed - reported);
    boolean passed = difference <= allowed || (Double.isNaN(recomputed) && Double.isNaN(reported));
    return new CheckResult(
        name,
        metric,
        Severity.CRITICAL,
        comparator,
        allowed,
        recomputed,
        null,
        passed,
        "re-computed "
            + metric
            + " "
            + recomputed
            + (passed ? " agrees with" : " differs from")
            + " the reported "
            + reported
            + " (difference "
            + difference
            + (passed ? " <= " : " > ")
            + allowed
            + ")");
  }
}
