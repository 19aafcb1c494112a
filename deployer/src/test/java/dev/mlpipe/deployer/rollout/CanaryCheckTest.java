package dev.mlpipe.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryCheckTest {

  // The defaults' error and latency bounds, with online quality judged from 20 feedback each so
  // the cases below stay small.
  private final CanaryThresholds t = new CanaryThresholds(0.02, 1.5, 2_000, 20, 0.1, 20);

  @Test
  void shouldPassACanaryAsGoodAsTheStableVersion() {
    CanaryCheck c =
        CanaryCheck.judge(new WindowStats(100, 1, 900), new WindowStats(1000, 10, 1000), t);

    assertThat(c.outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
  }

  @Test
  void shouldBreachWhenTheErrorRateRisesBeyondTheAllowance() {
    CanaryCheck c =
        CanaryCheck.judge(new WindowStats(100, 5, 900), new WindowStats(1000, 10, 1000), t);

    assertThat(c.outcome()).isEqualTo(CanaryCheck.Outcome.BREACH);
    assertThat(c.reason()).contains("5.0 %").contains("1.0 %");
  }

  @Test
  void shouldBreachWhenP95LatencyIsMuchWorseBeyondTheSlack() {
    CanaryCheck c =
        CanaryCheck.judge(new WindowStats(100, 0, 9_000), new WindowStats(1000, 0, 2_000), t);

    assertThat(c.outcome()).isEqualTo(CanaryCheck.Outcome.BREACH);
    assertThat(c.reason()).contains("p95");
  }

  @Test
  void shouldToleratePercentageSwingsBelowTheSlackAtLowLatencies() {
    CanaryCheck c =
        CanaryCheck.judge(new WindowStats(100, 0, 900), new WindowStats(1000, 0, 200), t);

    assertThat(c.outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
  }

  @Test
  void shouldNotJudgeACanaryWithTooFewRequests() {
    CanaryCheck c =
        CanaryCheck.judge(new WindowStats(3, 3, 90_000), new WindowStats(1000, 0, 200), t);

    assertThat(c.outcome()).isEqualTo(CanaryCheck.Outcome.NOT_ENOUGH_TRAFFIC);
  }

  @Test
  void shouldBreachWhenTheCanarysOnlineRmseIsWorseThanTheStablesBeyondTheAllowance() {
    // RMSE 1.2 vs 1.0, at most 1.1 allowed.
    WindowStats canary = new WindowStats(100, 0, 900, 25, 25 * 1.44);
    WindowStats stable = new WindowStats(1000, 0, 1000, 200, 200 * 1.0);

    CanaryCheck check = CanaryCheck.judge(canary, stable, t);

    assertThat(check.outcome()).isEqualTo(CanaryCheck.Outcome.BREACH);
    assertThat(check.reason()).contains("online RMSE 1.2000 vs stable 1.0000");
  }

  @Test
  void shouldIgnoreOnlineQualityUntilBothVersionsHaveEnoughFeedback() {
    WindowStats canary = new WindowStats(100, 0, 900, 19, 19 * 4.0);
    WindowStats stable = new WindowStats(1000, 0, 1000, 200, 200 * 1.0);

    assertThat(CanaryCheck.judge(canary, stable, t).outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
  }

  @Test
  void shouldPassAnOnlineRmseWithinTheAllowance() {
    WindowStats canary = new WindowStats(100, 0, 900, 25, 25 * 1.1025); // 1.05
    WindowStats stable = new WindowStats(1000, 0, 1000, 200, 200 * 1.0);

    assertThat(CanaryCheck.judge(canary, stable, t).outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
  }
}
