package dev.mlpipe.models.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** Single-prediction latency percentiles in milliseconds, measured over {@code calls} calls. */
public record Latency(double p50Ms, double p95Ms, double p99Ms, int calls) {
  public Latency {
    if (!(p50Ms >= 0 && p50Ms <= p95Ms && p95Ms <= p99Ms)) {
      throw new IllegalArgumentException(
          "latency percentiles must be ordered: p50 "
              + p50Ms
              + ", p95 "
              + p95Ms
              + ", p99 "
              + p99Ms);
    }
  }

  /** The percentiles under their {@link Metric} keys. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.LATENCY_P50_MS.key(), p50Ms);
    m.put(Metric.LATENCY_P95_MS.key(), p95Ms);
    m.put(Metric.LATENCY_P99_MS.key(), p99Ms);
    return m;
  }
}
