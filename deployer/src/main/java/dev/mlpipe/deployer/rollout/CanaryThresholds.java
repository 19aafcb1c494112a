package dev.mlpipe.deployer.rollout;

/**
 * When a canary counts as worse than the stable version at a check.
 *
 * @param maxErrorRateIncrease how much higher the canary's error rate may be, in absolute terms
 *     (0.02 = two percentage points)
 * @param maxP95Ratio how many times the stable p95 latency the canary's may be
 * @param p95SlackMicros a p95 difference below this is never a breach (noise at low latencies)
 * @param minRequests requests the canary needs in a window before it is judged at all
 * @param maxOnlineRmseIncrease how much worse, relatively, the canary's online RMSE (its
 *     predictions against the feedback on them) may be than the stable one's (0.05 = 5 %) before it
 *     counts as worse; see {@link OnlineQuality}
 * @param onlineSignificance the level of the one-sided test that the canary's online quality is
 *     worse than that: the chance that a canary as good as the stable version breaches a check
 * @param minFeedback feedback each version needs before online quality is tested at all (>= 2)
 */
public record CanaryThresholds(
    double maxErrorRateIncrease,
    double maxP95Ratio,
    long p95SlackMicros,
    long minRequests,
    double maxOnlineRmseIncrease,
    double onlineSignificance,
    long minFeedback) {

  /** Thresholds with the default online-quality ones. */
  public CanaryThresholds(
      double maxErrorRateIncrease, double maxP95Ratio, long p95SlackMicros, long minRequests) {
    this(maxErrorRateIncrease, maxP95Ratio, p95SlackMicros, minRequests, 0.05, 0.01, 30);
  }

  public CanaryThresholds {
    if (!(maxOnlineRmseIncrease >= 0)) {
      throw new IllegalArgumentException(
          "canary max-online-rmse-increase must be >= 0, was " + maxOnlineRmseIncrease);
    }
    if (!(onlineSignificance > 0 && onlineSignificance < 0.5)) {
      throw new IllegalArgumentException(
          "canary online-significance must be above 0 and below 0.5 (e.g. 0.01), was "
              + onlineSignificance);
    }
    if (minFeedback < 2) {
      throw new IllegalArgumentException(
          "canary min-feedback must be >= 2 (a variance needs two), was " + minFeedback);
    }
    if (!(maxErrorRateIncrease >= 0 && maxErrorRateIncrease <= 1)) {
      throw new IllegalArgumentException(
          "canary max-error-rate-increase must be 0-1, was " + maxErrorRateIncrease);
    }
    if (!(maxP95Ratio >= 1)) {
      throw new IllegalArgumentException("canary max-p95-ratio must be >= 1, was " + maxP95Ratio);
    }
    if (p95SlackMicros < 0) {
      throw new IllegalArgumentException(
          "canary p95-slack-micros must be >= 0, was " + p95SlackMicros);
    }
    if (minRequests < 1) {
      throw new IllegalArgumentException("canary min-requests must be >= 1, was " + minRequests);
    }
  }

  /**
   * Two points of error rate, 1.5 times the p95 beyond 2 ms, judged from 20 requests; online RMSE
   * more than 5 % worse at significance 0.01, tested from 30 feedback each.
   */
  public static CanaryThresholds defaults() {
    return new CanaryThresholds(0.02, 1.5, 2_000, 20);
  }
}
