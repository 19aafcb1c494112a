package dev.mlpipe.models.eval;

import dev.mlpipe.models.data.RatingTable;
import java.util.Arrays;

/**
 * Measures single-prediction latency: after a warm-up, times each of {@code calls} predictions on
 * holdout pairs (cycling through them) with {@link System#nanoTime()} and reports p50, p95, p99.
 * These figures depend on the machine; they are reported, never compared in tests.
 */
public final class LatencyProbe {

  /** The fewest timed calls that make a p99 meaningful. */
  public static final int MIN_CALLS = 1000;

  private static volatile double sink;

  private LatencyProbe() {}

  public static Latency measure(RecommenderModel model, RatingTable pairs, int calls) {
    if (calls < MIN_CALLS) {
      throw new IllegalArgumentException(
          "latency needs at least " + MIN_CALLS + " calls, got " + calls);
    }
    if (pairs.size() == 0) {
      throw new IllegalArgumentException("latency needs at least one (user, item) pair");
    }
    double acc = 0;
    for (int k = 0; k < calls; k++) {
      int row = k % pairs.size();
      acc += model.predict(pairs.user(row), pairs.item(row));
    }
    long[] nanos = new long[calls];
    for (int k = 0; k < calls; k++) {
      int row = k % pairs.size();
      long start = System.nanoTime();
      acc += model.predict(pairs.user(row), pairs.item(row));
      nanos[k] = System.nanoTime() - start;
    }
    sink = acc; // keeps the predictions from being optimised away
    Arrays.sort(nanos);
    return new Latency(
        percentile(nanos, 0.50) / 1e6,
        percentile(nanos, 0.95) / 1e6,
        percentile(nanos, 0.99) / 1e6,
        calls);
  }

  /**
   * Times {@code calls} single predictions, cycling through {@code inputs} after a warm-up over the
   * same calls: for models whose request is one value (a tabular model's feature map).
   */
  public static <T> Latency measure(
      java.util.function.ToDoubleFunction<T> predict, java.util.List<T> inputs, int calls) {
    if (calls < MIN_CALLS) {
      throw new IllegalArgumentException(
          "latency needs at least " + MIN_CALLS + " calls, got " + calls);
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("latency needs at least one input");
    }
    double acc = 0;
    for (int k = 0; k < calls; k++) {
      acc += predict.applyAsDouble(inputs.get(k % inputs.size()));
    }
    long[] nanos = new long[calls];
    for (int k = 0; k < calls; k++) {
      T input = inputs.get(k % inputs.size());
      long start = System.nanoTime();
      acc += predict.applyAsDouble(input);
      nanos[k] = System.nanoTime() - start;
    }
    sink = acc;
    Arrays.sort(nanos);
    return new Latency(
        percentile(nanos, 0.50) / 1e6,
        percentile(nanos, 0.95) / 1e6,
        percentile(nanos, 0.99) / 1e6,
        calls);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
