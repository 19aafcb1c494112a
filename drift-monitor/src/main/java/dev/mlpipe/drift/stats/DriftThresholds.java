package dev.mlpipe.drift.stats;

/**
 * When a window counts as drifted.
 *
 * @param psiWarning PSI from which a feature is reported as a warning (0.1)
 * @param psiDrift PSI from which a feature has drifted whatever its p-value (0.2)
 * @param significance the family-wise significance level of the KS and χ² tests (0.05); each of the
 *     m features of a kind is tested at {@code significance / m} (Bonferroni)
 * @param datasetDriftShare share of the input features that must drift for data drift (0.5)
 * @param minSampleSize windows with fewer predictions are not judged (100)
 * @param missingRateTolerance how far a feature's missing rate may exceed the training one (0.05)
 * @param outOfRangeShare share of values outside the training [min, max] that is a quality problem
 *     (0.05)
 * @param unseenCategoryShare share of categories unknown to training that is a quality problem
 *     (0.05)
 * @param minExpectedCount categories expected less often than this in a window are pooled for the
 *     χ² test, whose approximation needs about five per bin (5)
 */
public record DriftThresholds(
    double psiWarning,
    double psiDrift,
    double significance,
    double datasetDriftShare,
    long minSampleSize,
    double missingRateTolerance,
    double outOfRangeShare,
    double unseenCategoryShare,
    double minExpectedCount) {

  /** The defaults named in the parameters. */
  public static final DriftThresholds DEFAULTS =
      new DriftThresholds(0.1, 0.2, 0.05, 0.5, 100, 0.05, 0.05, 0.05, 5);

  public DriftThresholds {
    if (!(psiWarning > 0 && psiDrift >= psiWarning)) {
      throw new IllegalArgumentException(
          "psi-warning must be > 0 and psi-drift >= psi-warning, were "
              + psiWarning
              + " and "
              + psiDrift);
    }
    requireShare("significance", significance, false);
    requireShare("dataset-drift-share", datasetDriftShare, false);
    requireShare("missing-rate-tolerance", missingRateTolerance, true);
    requireShare("out-of-range-share", outOfRangeShare, true);
    requireShare("unseen-category-share", unseenCategoryShare, true);
    if (minSampleSize < 1) {
      throw new IllegalArgumentException(
          "min-sample-size must be at least 1, was " + minSampleSize);
    }
    if (!(minExpectedCount > 0)) {
      throw new IllegalArgumentException("min-expected-count must be > 0, was " + minExpectedCount);
    }
  }

  private static void requireShare(String name, double value, boolean zeroAllowed) {
    boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value <= 1;
    if (!ok) {
      throw new IllegalArgumentException(
          name + " must be a share in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", was " + value);
    }
  }
}
