package dev.mlpipe.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryCheckTest {

  private final CanaryThresholds t = CanaryThresholds.defaults();

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
  void shouldBreachWhenTheCanarysOnlineQualityIsSignificantlyWorse() {
    // Squared errors of 0.5-1.5 (mean 1) for the stable version, twice that for the canary.
    WindowStats canary = new WindowStats(100, 0, 900, errors(40, 2.0));
    WindowStats stable = new WindowStats(1000, 0, 1000, errors(200, 1.0));

    CanaryCheck check = CanaryCheck.judge(canary, stable, t);

    assertThat(check.outcome()).isEqualTo(CanaryCheck.Outcome.BREACH);
    assertThat(check.reason()).contains("online RMSE 1.4").contains("vs stable 1.0");
  }

  @Test
  void shouldIgnoreOnlineQualityUntilBothVersionsHaveTheMinimumFeedback() {
    WindowStats canary = new WindowStats(100, 0, 900, errors(29, 4.0));
    WindowStats stable = new WindowStats(1000, 0, 1000, errors(200, 1.0));

    CanaryCheck check = CanaryCheck.judge(canary, stable, t);

    assertThat(check.outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
    assertThat(check.reason()).contains("not judged");
  }

  @Test
  void shouldPassTheDemosNoisyGapThatAFixedRatioRolledBack() {
    // CI's demo: online RMSE 0.6445 vs 0.5735 over 57 and 75 feedback, a healthy retrained canary.
    WindowStats canary = new WindowStats(100, 0, 900, errors(57, 0.6445 * 0.6445));
    WindowStats stable = new WindowStats(1000, 0, 1000, errors(75, 0.5735 * 0.5735));

    assertThat(CanaryCheck.judge(canary, stable, t).outcome()).isEqualTo(CanaryCheck.Outcome.PASS);
  }

  /**
   * n squared errors with the mean, spread evenly over mean * [0, 2] (a variance like that of
   * squared normal errors, somewhat lighter).
   */
  private static SquaredErrors errors(int n, double mean) {
    SquaredErrors s = SquaredErrors.NONE;
    for (int i = 0; i < n; i++) {
      s = s.plus(SquaredErrors.of(mean * 2 * (i + 0.5) / n));
    }
    return s;
  }
}
