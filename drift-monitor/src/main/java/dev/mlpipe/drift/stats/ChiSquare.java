package dev.mlpipe.drift.stats;

import java.util.Objects;

/**
 * Pearson's χ² goodness-of-fit test of observed counts against expected proportions: statistic
 * {@code sum (o - e)^2 / e} with the expected counts scaled to the observed total, and its p-value
 * from the χ² distribution with {@code bins - 1} degrees of freedom.
 */
public final class ChiSquare {

  /** The statistic, its p-value and its degrees of freedom. */
  public record Result(double statistic, double pValue, int degreesOfFreedom) {
    public Result {
      if (!(statistic >= 0)) {
        throw new IllegalArgumentException("χ² statistic must be >= 0, was " + statistic);
      }
      if (!(pValue >= 0 && pValue <= 1)) {
        throw new IllegalArgumentException("p-value must be in [0, 1], was " + pValue);
      }
      if (degreesOfFreedom < 1) {
        throw new IllegalArgumentException(
            "degrees of freedom must be >= 1, was " + degreesOfFreedom);
      }
    }
  }

  private ChiSquare() {}

  /**
   * Tests {@code observed} against {@code expected}.
   *
   * @param expected expected counts or proportions per bin, each positive; at least two bins
   * @param observed observed counts per bin, same length, not all zero
   */
  public static Result test(double[] expected, long[] observed) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(observed, "observed");
    if (expected.length != observed.length || expected.length < 2) {
      throw new IllegalArgumentException(
          "χ² needs at least two bins and as many observed as expected, had "
              + expected.length
              + " expected and "
              + observed.length
              + " observed");
    }
    double expectedTotal = 0;
    double observedTotal = 0;
    for (int i = 0; i < expected.length; i++) {
      if (!(expected[i] > 0) || Double.isInfinite(expected[i])) {
        throw new IllegalArgumentException(
            "χ² expected counts must be positive and finite; bin " + i + " was " + expected[i]);
      }
      if (observed[i] < 0) {
        throw new IllegalArgumentException(
            "χ² observed counts must be >= 0; bin " + i + " was " + observed[i]);
      }
      expectedTotal += expected[i];
      observedTotal += observed[i];
    }
    if (observedTotal == 0) {
      throw new IllegalArgumentException("χ² observed counts are all zero");
    }
    double scale = observedTotal / expectedTotal;
    double statistic = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i] * scale;
      double diff = observed[i] - e;
      statistic += diff * diff / e;
    }
    int df = expected.length - 1;
    double p = Gamma.regularizedQ(df / 2.0, statistic / 2.0);
    return new Result(statistic, Math.min(1, Math.max(0, p)), df);
  }
}
