package dev.mlpipe.deployer.rollout;

import java.util.Locale;
import java.util.Objects;

/**
 * One comparison of a canary with the stable version.
 *
 * @param outcome pass, breach, or not enough traffic to tell (which lets the step go on)
 * @param reason what a person reads in the log or in a RolledBack
 */
public record CanaryCheck(Outcome outcome, String reason) {

  /** What a check found. */
  public enum Outcome {
    PASS,
    BREACH,
    NOT_ENOUGH_TRAFFIC
  }

  public CanaryCheck {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  /** Compares the canary's window with the stable version's. */
  public static CanaryCheck judge(WindowStats canary, WindowStats stable, CanaryThresholds t) {
    if (canary.requests() < t.minRequests()) {
      return new CanaryCheck(
          Outcome.NOT_ENOUGH_TRAFFIC,
          "canary served "
              + canary.requests()
              + " requests, fewer than the "
              + t.minRequests()
              + " needed to judge it");
    }
    double increase = canary.errorRate() - stable.errorRate();
    if (increase > t.maxErrorRateIncrease()) {
      return new CanaryCheck(
          Outcome.BREACH,
          String.format(
              Locale.ROOT,
              "canary error rate %.1f %% vs stable %.1f %% (at most +%.1f points allowed)",
              100 * canary.errorRate(),
              100 * stable.errorRate(),
              100 * t.maxErrorRateIncrease()));
    }
    if (stable.requests() >= t.minRequests()) {
      long allowed =
          Math.max(
              (long) (stable.p95Micros() * t.maxP95Ratio()),
              stable.p95Micros() + t.p95SlackMicros());
      if (canary.p95Micros() > allowed) {
        return new CanaryCheck(
            Outcome.BREACH,
            String.format(
                Locale.ROOT,
                "canary p95 latency %d us vs stable %d us (at most %d us allowed)",
                canary.p95Micros(),
                stable.p95Micros(),
                allowed));
      }
    }
    OnlineQuality.Comparison quality =
        OnlineQuality.compare(
            canary.online(),
            stable.online(),
            t.maxOnlineRmseIncrease(),
            t.onlineSignificance(),
            t.minFeedback());
    if (quality.outcome() == OnlineQuality.Outcome.WORSE) {
      return new CanaryCheck(Outcome.BREACH, quality.reason());
    }
    return new CanaryCheck(
        Outcome.PASS,
        String.format(
            Locale.ROOT,
            "canary error rate %.1f %%, p95 %d us over %d requests; stable %.1f %%, %d us; %s",
            100 * canary.errorRate(),
            canary.p95Micros(),
            canary.requests(),
            100 * stable.errorRate(),
            stable.p95Micros(),
            quality.reason()));
  }
}
