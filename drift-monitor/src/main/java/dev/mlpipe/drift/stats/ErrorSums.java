package dev.mlpipe.drift.stats;

/**
 * The running error of a model version's predictions against their feedback in one window: constant
 * size, mergeable.
 *
 * @param count predictions with feedback
 * @param sumSquared sum of (predicted - actual)^2
 * @param sumAbsolute sum of |predicted - actual|
 */
public record ErrorSums(long count, double sumSquared, double sumAbsolute) {

  public static final ErrorSums EMPTY = new ErrorSums(0, 0, 0);

  public ErrorSums {
    if (count < 0 || !(sumSquared >= 0) || !(sumAbsolute >= 0)) {
      throw new IllegalArgumentException(
          "error sums must be >= 0, were count="
              + count
              + " sumSquared="
              + sumSquared
              + " sumAbsolute="
              + sumAbsolute);
    }
  }

  /** With one more prediction and its actual outcome. */
  public ErrorSums add(double predicted, double actual) {
    double error = predicted - actual;
    if (!Double.isFinite(error)) {
      throw new IllegalArgumentException(
          "prediction " + predicted + " and actual " + actual + " must be finite numbers");
    }
    return new ErrorSums(count + 1, sumSquared + error * error, sumAbsolute + Math.abs(error));
  }

  /** The root mean squared error; NaN when empty. */
  public double rmse() {
    return count == 0 ? Double.NaN : Math.sqrt(sumSquared / count);
  }
}
