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
 * <p>For recommenders only the rating-error metrics ({@code rmse}, {@code mae}) are re-computed:
 * they depend on the model and the evaluation rows alone. The top-10 metrics also exclude the items
 * each user rated in training, and the event references no training split, so re-computing them
 * here would give other numbers; they are reported as trusted in the report's notes.
 *
 * <p>For tabular models (an MLP artifact) every holdout metric depends on the model (its weights,
 * encoders and decision threshold) and the evaluation rows alone, so every critical one among
 * {@link #RECOMPUTABLE_TABULAR} is re-computed with the trainer's own evaluator.
 */
public final class ArtifactVerifier {

  /** The metrics this verifier can re-compute from the model and the evaluation rows. */
  public static final Set<String> RECOMPUTABLE = Set.of(Metric.RMSE.key(), Metric.MAE.key());

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
    Set<String> wanted = new TreeSet<>(critical);
    List<String> notes = new ArrayList<>();
    Set<String> recompute = new TreeSet<>(wanted);
    recompute.retainAll(RECOMPUTABLE);
    wanted.removeAll(RECOMPUTABLE);
    for (String metric : wanted) {
      if (Metric.byKey(metric).isPresent() && reported.containsKey(metric)) {
        notes.add(
            metric
                + " not re-computed: it needs the training split, which the event does not"
                + " reference; the trainer's value is used");
      }
    }
    if (recompute.isEmpty()) {
      return new Verification(true, "", Map.of(), List.of(), notes);
    }
    RatingTable holdout;
    try {
      holdout = RatingTable.fromCanonicalBytes(store.read(evalSplitHash));
      if (holdout.size() == 0) {
        throw new IllegalArgumentException("it holds no rows");
      }
    } catch (ArtifactException | IllegalArgumentException e) {
      List<CheckResult> failed = new ArrayList<>();
      for (String metric : recompute) {
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
                    + ": evaluation split "
                    + evalSplitHash
                    + " unusable: "
                    + e.getMessage()));
      }
      return new Verification(true, "", Map.of(), failed, notes);
    }
    Map<String, Double> recomputed = ratingErrors(artifact.factors(), holdout);
    recomputed.keySet().retainAll(recompute);
    List<CheckResult> checks = new ArrayList<>();
    for (Map.Entry<String, Double> entry : recomputed.entrySet()) {
      checks.add(
          agreement(entry.getKey(), entry.getValue(), reported.get(entry.getKey()), tolerance));
    }
    return new Verification(true, "", recomputed, checks, notes);
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
                  + ": evaluation split "
                  + evalSplitHash
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
    boolean passed = difference <= allowed;
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
