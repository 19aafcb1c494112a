package dev.mlpipe.deployer.rollout;

/**
 * What one version served between two canary checks, and its online quality.
 *
 * @param requests requests answered
 * @param errors requests that failed on the server's side
 * @param p95Micros the 95th percentile of their latency, microseconds
 * @param online the squared errors of the feedback (mlpipe.feedback) joined to this version's
 *     predictions made since its canary started: accumulated over the rollout rather than per
 *     window, since feedback is sparse and a test needs all of it
 */
public record WindowStats(long requests, long errors, long p95Micros, SquaredErrors online) {

  /** A window without feedback. */
  public WindowStats(long requests, long errors, long p95Micros) {
    this(requests, errors, p95Micros, SquaredErrors.NONE);
  }

  public WindowStats {
    // A rollout state stored before online quality existed has none.
    online = online == null ? SquaredErrors.NONE : online;
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

  /** The same window with this online quality. */
  public WindowStats withOnline(SquaredErrors quality) {
    return new WindowStats(requests, errors, p95Micros, quality);
  }

  /** Errors per request, 0 without requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
