package dev.mlpipe.deployer.rollout;

/**
 * The squared errors of a version's predictions against the feedback on them, as the three sums a
 * test on their mean needs: how many, their sum and the sum of their squares.
 *
 * @param count feedback joined to a prediction of the version
 * @param sum the sum of (prediction - actual)^2
 * @param sumOfSquares the sum of (prediction - actual)^4, for the variance of the squared errors
 */
public record SquaredErrors(long count, double sum, double sumOfSquares) {

  public static final SquaredErrors NONE = new SquaredErrors(0, 0, 0);

  public SquaredErrors {
    if (count < 0 || !(sum >= 0) || !(sumOfSquares >= 0)) {
      throw new IllegalArgumentException(
          "squared errors need count >= 0 and sums >= 0, were count="
              + count
              + " sum="
              + sum
              + " sumOfSquares="
              + sumOfSquares);
    }
  }

  /** One squared error. */
  public static SquaredErrors of(double squaredError) {
    return new SquaredErrors(1, squaredError, squaredError * squaredError);
  }

  /** Both together. */
  public SquaredErrors plus(SquaredErrors other) {
    return new SquaredErrors(
        count + other.count, sum + other.sum, sumOfSquares + other.sumOfSquares);
  }

  /** The mean squared error; NaN without feedback. */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The sample variance of the squared errors; NaN below two. */
  public double variance() {
    if (count < 2) {
      return Double.NaN;
    }
    double mean = sum / count;
    // Rounding can make the difference slightly negative when every error is the same.
    return Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  }

  /** The root mean squared error; NaN without feedback. */
  public double rmse() {
    return Math.sqrt(mean());
  }
}
