package dev.mlpipe.drift.stats;

import java.util.Objects;

/**
 * The Population Stability Index of two distributions over the same bins: {@code sum (a - e) * ln(a
 * / e)} over the bins' shares. Below 0.1 is usually read as no change, 0.1 to 0.2 as a moderate
 * change, 0.2 and above as a significant one.
 */
public final class PopulationStabilityIndex {

  /**
   * The share an empty bin is given so the logarithm stays finite; the usual choice in monitoring
   * tools, small enough not to matter when a bin is merely rare.
   */
  public static final double EMPTY_BIN_SHARE = 1e-4;

  private PopulationStabilityIndex() {}

  /**
   * The PSI of {@code actual} against {@code expected}.
   *
   * @param expected the reference's counts (or shares) per bin
   * @param actual the window's counts (or shares) per bin, same length
   */
  public static double of(double[] expected, double[] actual) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
    if (expected.length != actual.length || expected.length == 0) {
      throw new IllegalArgumentException(
          "PSI needs the same non-zero number of bins on both sides, had "
              + expected.length
              + " expected and "
              + actual.length
              + " actual");
    }
    double[] e = shares(expected, "expected");
    double[] a = shares(actual, "actual");
    double psi = 0;
    for (int i = 0; i < e.length; i++) {
      double ei = Math.max(e[i], EMPTY_BIN_SHARE);
      double ai = Math.max(a[i], EMPTY_BIN_SHARE);
      psi += (ai - ei) * Math.log(ai / ei);
    }
    return psi;
  }

  private static double[] shares(double[] counts, String side) {
    double total = 0;
    for (double c : counts) {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException(
            "PSI " + side + " bin counts must be finite and non-negative, found " + c);
      }
      total += c;
    }
    if (total == 0) {
      throw new IllegalArgumentException("PSI " + side + " bins are all empty");
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = counts[i] / total;
    }
    return shares;
  }
}
