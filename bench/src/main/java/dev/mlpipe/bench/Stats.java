package dev.mlpipe.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics for benchmark samples. */
public final class Stats {

  private Stats() {}

  /** The median; the mean of the two middle values for an even count. */
  public static double median(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("median of no samples; measure at least once");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest sample with at least {@code percent} % of the samples
   * at or below it (so the p99 of 50 samples is the largest).
   */
  public static double percentile(List<Double> samples, double percent) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("percentile of no samples; measure at least once");
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percent / 100 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
