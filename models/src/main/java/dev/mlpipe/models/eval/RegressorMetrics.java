package dev.mlpipe.models.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A regressor's quality on the holdout: RMSE, MAE and R² (1 minus the residual sum of squares over
 * the holdout target's total sum of squares; NaN when the target is constant).
 */
public record RegressorMetrics(double rmse, double mae, double r2, int rows) {

  public RegressorMetrics {
    if (rows < 1) {
      throw new IllegalArgumentException("metrics need at least one holdout row, got " + rows);
    }
  }

  /** The metrics under their {@link Metric} keys; a NaN R² left out. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.RMSE.key(), rmse);
    m.put(Metric.MAE.key(), mae);
    if (!Double.isNaN(r2)) {
      m.put(Metric.R2.key(), r2);
    }
    return Collections.unmodifiableMap(m);
  }
}
