package dev.mlpipe.drift.stats;

import java.util.Map;
import java.util.Objects;

/**
 * A categorical feature's training counts per category.
 *
 * @param name the feature
 * @param count training rows with a value
 * @param missingCount training rows without one
 * @param categoryCounts rows per category; at least one category with rows
 */
public record CategoricalReference(
    String name, long count, long missingCount, Map<String, Long> categoryCounts)
    implements FeatureReference {

  public CategoricalReference {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(categoryCounts, "categoryCounts");
    if (count < 0 || missingCount < 0) {
      throw new IllegalArgumentException(
          "reference of " + name + ": counts must be >= 0, were " + count + " and " + missingCount);
    }
    long total = 0;
    for (Map.Entry<String, Long> entry : categoryCounts.entrySet()) {
      if (entry.getValue() == null || entry.getValue() < 0) {
        throw new IllegalArgumentException(
            "reference of "
                + name
                + ": category "
                + entry.getKey()
                + " has count "
                + entry.getValue());
      }
      total += entry.getValue();
    }
    if (total == 0) {
      throw new IllegalArgumentException(
          "reference of " + name + ": no category has rows; the trainer's profile is incomplete");
    }
    categoryCounts = Map.copyOf(categoryCounts);
  }
}
