package dev.mlpipe.drift.stats;

import java.util.Objects;

/**
 * One statistic of one feature in one window, as DriftDetected carries it.
 *
 * @param feature the feature, or {@code prediction} for the output score
 * @param statistic {@code KS}, {@code PSI}, {@code CHI2}, {@code MISSING_RATE}, {@code
 *     OUT_OF_RANGE} or {@code UNSEEN_CATEGORIES}
 * @param value the statistic's value
 * @param pValue the test's p-value, null for statistics that are not tests
 * @param threshold what {@code value} (or, for tests, {@code pValue}) was compared with
 * @param drifted whether this statistic alone crossed its threshold
 */
public record FeatureStatistic(
    String feature,
    String statistic,
    double value,
    Double pValue,
    double threshold,
    boolean drifted) {

  public FeatureStatistic {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(statistic, "statistic");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          statistic + " of " + feature + " must be a finite number, was " + value);
    }
    if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException(
          statistic + " p-value of " + feature + " must be in [0, 1], was " + pValue);
    }
  }
}
