package dev.mlpipe.models.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recommender's quality on the holdout. Rating error over every holdout row; top-10 metrics over
 * the {@code rankedUsers} holdout users with at least one relevant (rating of 4 or more) held-out
 * item, ranking every catalogue item the user did not rate in training. Diversity is NaN for a
 * model without item embeddings.
 */
public record RecommenderMetrics(
    double rmse,
    double mae,
    double precisionAt10,
    double recallAt10,
    double ndcgAt10,
    double catalogueCoverage,
    double intraListDiversity,
    int ratedRows,
    int rankedUsers) {

  public RecommenderMetrics {
    if (ratedRows < 1) {
      throw new IllegalArgumentException("metrics need at least one holdout row, got " + ratedRows);
    }
  }

  /** The metrics under their {@link Metric} keys; diversity left out when NaN. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.RMSE.key(), rmse);
    m.put(Metric.MAE.key(), mae);
    m.put(Metric.PRECISION_AT_10.key(), precisionAt10);
    m.put(Metric.RECALL_AT_10.key(), recallAt10);
    m.put(Metric.NDCG_AT_10.key(), ndcgAt10);
    m.put(Metric.CATALOGUE_COVERAGE.key(), catalogueCoverage);
    if (!Double.isNaN(intraListDiversity)) {
      m.put(Metric.INTRA_LIST_DIVERSITY.key(), intraListDiversity);
    }
    return Collections.unmodifiableMap(m);
  }
}
