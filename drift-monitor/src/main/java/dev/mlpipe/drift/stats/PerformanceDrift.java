package dev.mlpipe.drift.stats;

import dev.mlpipe.schemas.DriftKind;
import java.util.List;
import java.util.Optional;

/**
 * Performance drift: a window's online RMSE (predictions joined to their feedback) against the RMSE
 * the version had on its holdout at training. Drift when the online RMSE exceeds the holdout one by
 * more than the tolerance (0.2: 20 % worse).
 */
public final class PerformanceDrift {

  /** The name under which the statistic is reported. */
  public static final String FEATURE = "prediction";

  private PerformanceDrift() {}

  /**
   * The verdict, or empty when the window has fewer than {@code minSampleSize} predictions with
   * feedback.
   *
   * @param sums the window's errors
   * @param holdoutRmse the version's RMSE at training, > 0
   * @param tolerance how much worse online may be, as a share of the holdout RMSE
   * @param minSampleSize the fewest predictions with feedback worth judging
   */
  public static Optional<KindAssessment> evaluate(
      ErrorSums sums, double holdoutRmse, double tolerance, long minSampleSize) {
    if (!(holdoutRmse > 0) || Double.isInfinite(holdoutRmse)) {
      throw new IllegalArgumentException(
          "holdout rmse must be a positive number, was " + holdoutRmse);
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("performance tolerance must be >= 0, was " + tolerance);
    }
    if (sums.count() < minSampleSize || sums.count() == 0) {
      return Optional.empty();
    }
    double threshold = holdoutRmse * (1 + tolerance);
    double rmse = sums.rmse();
    boolean drifted = rmse > threshold;
    return Optional.of(
        new KindAssessment(
            DriftKind.PERFORMANCE,
            drifted ? Severity.DRIFT : Severity.NONE,
            List.of(new FeatureStatistic(FEATURE, "ONLINE_RMSE", rmse, null, threshold, drifted))));
  }
}
