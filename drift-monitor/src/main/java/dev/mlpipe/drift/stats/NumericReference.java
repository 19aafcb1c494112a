package dev.mlpipe.drift.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A numeric feature's training histogram: bin {@code i} is {@code [binEdges[i], binEdges[i+1])}.
 *
 * @param name the feature
 * @param count training rows with a value
 * @param missingCount training rows without one
 * @param binEdges ascending, at least two
 * @param binCounts rows per bin, one fewer than the edges
 * @param min the smallest training value, or NaN when unknown
 * @param max the largest training value, or NaN when unknown
 */
public record NumericReference(
    String name,
    long count,
    long missingCount,
    double[] binEdges,
    long[] binCounts,
    double min,
    double max)
    implements FeatureReference {

  public NumericReference {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(binEdges, "binEdges");
    Objects.requireNonNull(binCounts, "binCounts");
    if (count < 0 || missingCount < 0) {
      throw new IllegalArgumentException(
          "reference of " + name + ": counts must be >= 0, were " + count + " and " + missingCount);
    }
    if (binEdges.length < 2 || binCounts.length != binEdges.length - 1) {
      throw new IllegalArgumentException(
          "reference of "
              + name
              + ": needs at least two bin edges and one count fewer than edges, had "
              + binEdges.length
              + " edges and "
              + binCounts.length
              + " counts; the trainer's profile is incomplete");
    }
    for (int i = 1; i < binEdges.length; i++) {
      if (!(binEdges[i] > binEdges[i - 1])) {
        throw new IllegalArgumentException(
            "reference of " + name + ": bin edges must ascend, were " + Arrays.toString(binEdges));
      }
    }
    long total = 0;
    for (long c : binCounts) {
      if (c < 0) {
        throw new IllegalArgumentException(
            "reference of "
                + name
                + ": bin counts must be >= 0, were "
                + Arrays.toString(binCounts));
      }
      total += c;
    }
    if (total == 0) {
      throw new IllegalArgumentException("reference of " + name + ": every bin is empty");
    }
    binEdges = binEdges.clone();
    binCounts = binCounts.clone();
  }

  @Override
  public double[] binEdges() {
    return binEdges.clone();
  }

  @Override
  public long[] binCounts() {
    return binCounts.clone();
  }

  /** Rows in the bins. */
  long binTotal() {
    long total = 0;
    for (long c : binCounts) {
      total += c;
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericReference r
        && name.equals(r.name)
        && count == r.count
        && missingCount == r.missingCount
        && Arrays.equals(binEdges, r.binEdges)
        && Arrays.equals(binCounts, r.binCounts)
        && Double.compare(min, r.min) == 0
        && Double.compare(max, r.max) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, count, Arrays.hashCode(binEdges), Arrays.hashCode(binCounts));
  }

  @Override
  public String toString() {
    return "NumericReference[" + name + ", " + binCounts.length + " bins, count=" + count + "]";
  }
}
