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
}
