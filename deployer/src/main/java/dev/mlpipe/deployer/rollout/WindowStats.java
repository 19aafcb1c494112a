package dev.mlpipe.deployer.rollout;

/**
 * What one version served between two canary checks.
 *
 * @param requests requests answered
 * @param errors requests that failed on the server's side
 * @param p95Micros the 95th percentile of their latency, microseconds
 */
public record WindowStats(long requests, long errors, long p95Micros) {

  public WindowStats {
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

  /** Errors per request, 0 without requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
