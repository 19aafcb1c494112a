package dev.mlpipe.models.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binary classifier's quality on the holdout: precision, recall and F1 of its labels at its
 * decision threshold, and the threshold-free ROC AUC and PR AUC (average precision) of its scores.
 * The AUCs are NaN when the holdout lacks positives or negatives.
 */
public record ClassifierMetrics(
    double precision,
    double recall,
    double f1,
    double rocAuc,
    double prAuc,
    int rows,
    int positives) {

  public ClassifierMetrics {
    if (rows < 1) {
      throw new IllegalArgumentException("metrics need at least one holdout row, got " + rows);
    }
  }

  /** The metrics under their {@link Metric} keys; NaN AUCs left out. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.PRECISION.key(), precision);
    m.put(Metric.RECALL.key(), recall);
    m.put(Metric.F1.key(), f1);
    if (!Double.isNaN(rocAuc)) {
      m.put(Metric.ROC_AUC.key(), rocAuc);
    }
    if (!Double.isNaN(prAuc)) {
      m.put(Metric.PR_AUC.key(), prAuc);
    }
    return Collections.unmodifiableMap(m);
  }
}
