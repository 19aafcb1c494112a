package dev.mlpipe.models.eval;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A holdout metric a spec may name as its primary metric, with the key it has in the events'
 * metrics maps, whether higher is better, and the kinds of model it applies to.
 */
public enum Metric {
  RMSE("rmse", false, ModelKind.RECOMMENDER, ModelKind.REGRESSOR),
  MAE("mae", false, ModelKind.RECOMMENDER, ModelKind.REGRESSOR),
  PRECISION_AT_10("precision_at_10", true, ModelKind.RECOMMENDER),
  RECALL_AT_10("recall_at_10", true, ModelKind.RECOMMENDER),
  NDCG_AT_10("ndcg_at_10", true, ModelKind.RECOMMENDER),
  CATALOGUE_COVERAGE("catalogue_coverage", true, ModelKind.RECOMMENDER),
  INTRA_LIST_DIVERSITY("intra_list_diversity", true, ModelKind.RECOMMENDER),
  PRECISION("precision", true, ModelKind.CLASSIFIER),
  RECALL("recall", true, ModelKind.CLASSIFIER),
  F1("f1", true, ModelKind.CLASSIFIER),
  ROC_AUC("roc_auc", true, ModelKind.CLASSIFIER),
  PR_AUC("pr_auc", true, ModelKind.CLASSIFIER),
  R2("r2", true, ModelKind.REGRESSOR),
  LATENCY_P50_MS("latency_p50_ms", false, ModelKind.values()),
  LATENCY_P95_MS("latency_p95_ms", false, ModelKind.values()),
  LATENCY_P99_MS("latency_p99_ms", false, ModelKind.values());

  private final String key;
  private final boolean higherIsBetter;
  private final Set<ModelKind> appliesTo;

  Metric(String key, boolean higherIsBetter, ModelKind... appliesTo) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
    this.appliesTo = EnumSet.copyOf(Arrays.asList(appliesTo));
  }

  /** The metric's key in metrics maps and in {@code mlpipe.yaml}, e.g. {@code ndcg_at_10}. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public boolean appliesTo(ModelKind kind) {
    return appliesTo.contains(kind);
  }

  /** True when {@code candidate} is strictly better than {@code incumbent} on this metric. */
  public boolean isBetter(double candidate, double incumbent) {
    return higherIsBetter ? candidate > incumbent : candidate < incumbent;
  }

  public static Optional<Metric> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }

  /** The keys of every metric, comma separated, for error messages. */
  public static String knownKeys() {
    return Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "));
  }
}
