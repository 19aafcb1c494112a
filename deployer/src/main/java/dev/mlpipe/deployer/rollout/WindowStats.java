package dev.mlpipe.deployer.rollout;

/**
 * What one version served between two canary checks.
 *
 * @param requests requests answered
 * @param errors requests that failed on the server's side
 * @param p95Micros the 95th percentile of their latency, microseconds
 * @param feedback feedback joined to this version's predictions (mlpipe.feedback)
 * @param squaredErrorSum the sum of (prediction - actual)^2 over that feedback
 */
public record WindowStats(
    long requests, long errors, long p95Micros, long feedback, double squaredErrorSum) {

  /** A window without feedback. */
  public WindowStats(long requests, long errors, long p95Micros) {
    this(requests, errors, p95Micros, 0, 0);
  }

  public WindowStats {
    if (feedback < 0 || !(squaredErrorSum >= 0)) {
      throw new IllegalArgumentException(
          "window stats need feedback >= 0 and a squared error sum >= 0, were feedback="
              + feedback
              + " squaredErrorSum="
              + squaredErrorSum);
    }
    if (requests < 0 || errors < 0 || errors > requests || p95Micros < 0) {
      throw new IllegalArgumentException(
          "window stats need 0 <= errors <= requests and p95 >= 0, were requests="
              + requests
              + " errors="
              + errors
              + " p95Micros="
              + p95Micros);
    }
  }

  public static final WindowStats NONE = new WindowStats(0, 0, 0);

  /** The root mean squared error of the joined feedback; NaN without feedback. */
  public double onlineRmse() {
    return feedback == 0 ? Double.NaN : Math.sqrt(squaredErrorSum / feedback);
  }

  /** Errors per request, 0 without requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
