package dev.mlpipe.drift.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Builds training references from samples the way a trainer profiles its data. */
final class References {

  private References() {}

  /** A histogram of {@code sample} over {@code bins} equal-frequency bins. */
  static NumericReference numeric(String name, double[] sample, int bins) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = sorted[Math.min(sorted.length - 1, (int) ((long) i * sorted.length / bins))];
    }
    edges[bins] = Math.nextUp(sorted[sorted.length - 1]);
    long[] counts = new long[bins];
    for (double v : sorted) {
      int bin = Arrays.binarySearch(edges, v);
      bin = bin >= 0 ? bin : -bin - 2;
      counts[Math.min(bins - 1, Math.max(0, bin))]++;
    }
    return new NumericReference(
        name, sample.length, 0, edges, counts, sorted[0], sorted[sorted.length - 1]);
  }

  static CategoricalReference categorical(String name, String[] sample) {
    Map<String, Long> counts = new HashMap<>();
    for (String v : sample) {
      counts.merge(v, 1L, Long::sum);
    }
    return new CategoricalReference(name, sample.length, 0, counts);
  }
}
