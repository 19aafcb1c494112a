package dev.mlpipe.drift.stats;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The two-sample Kolmogorov–Smirnov test: the largest distance between two cumulative distribution
 * functions, and its asymptotic p-value.
 *
 * <p>The drift monitor knows the reference only as a histogram, so the statistic is taken at the
 * points where both CDFs are known (the reference's bin edges). That can only underestimate the
 * distance, so the test stays conservative: it does not raise false alarms because of the binning.
 */
public final class KolmogorovSmirnov {

  private static final double SERIES_TOLERANCE = 1e-20;
  private static final int SERIES_MAX_TERMS = 100_000;

  private KolmogorovSmirnov() {}

  /**
   * The largest |F_a(x) - F_b(x)| over the given points.
   *
   * @param cdfA the first CDF, the share of values below x
   * @param cdfB the second CDF, with the same convention
   * @param points where to compare them; at least one
   */
  public static double statistic(
      DoubleUnaryOperator cdfA, DoubleUnaryOperator cdfB, double[] points) {
    Objects.requireNonNull(cdfA, "cdfA");
    Objects.requireNonNull(cdfB, "cdfB");
    Objects.requireNonNull(points, "points");
    if (points.length == 0) {
      throw new IllegalArgumentException("points must hold at least one value to compare at");
    }
    double max = 0;
    for (double x : points) {
      max = Math.max(max, Math.abs(cdfA.applyAsDouble(x) - cdfB.applyAsDouble(x)));
    }
    return max;
  }

  /**
   * The asymptotic p-value of statistic {@code d} for samples of sizes {@code n} and {@code m}:
   * {@code P(D > d)} under the Kolmogorov distribution of {@code d * sqrt(nm / (n + m))}.
   */
  public static double pValue(double d, long n, long m) {
    if (!(d >= 0 && d <= 1)) {
      throw new IllegalArgumentException("KS statistic d must be in [0, 1], was " + d);
    }
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException(
          "KS sample sizes must be at least 1, were n=" + n + " and m=" + m);
    }
    double t = d * Math.sqrt((double) n * m / ((double) n + m));
    if (t == 0) {
      return 1;
    }
    // P(K > t) = 2 * sum_{k>=1} (-1)^(k-1) exp(-2 k^2 t^2)
    double x = -2 * t * t;
    double sum = 0;
    double sign = 1;
    for (int k = 1; k <= SERIES_MAX_TERMS; k++) {
      double term = Math.exp(x * k * k);
      sum += sign * term;
      sign = -sign;
      if (term < SERIES_TOLERANCE) {
        break;
      }
    }
    return Math.min(1, Math.max(0, 2 * sum));
  }
}
