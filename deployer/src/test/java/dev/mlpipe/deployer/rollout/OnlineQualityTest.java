package dev.mlpipe.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineQualityTest {

  // The defaults: 5 % RMSE tolerated, significance 0.01, 30 feedback each.
  private final CanaryThresholds t = CanaryThresholds.defaults();

  @Test
  void shouldNotRollBackACanaryFromTheSameDistributionInAtLeast99PercentOfTrials() {
    Random random = new Random(20261123);
    int trials = 2_000;
    int worse = 0;
    for (int trial = 0; trial < trials; trial++) {
      // From barely enough feedback to plenty, at 5 % of traffic against 95 %.
      int canaryCount = 30 + random.nextInt(400);
      int stableCount = 30 + random.nextInt(4_000);
      if (judge(sample(random, canaryCount, 0.9), sample(random, stableCount, 0.9))
          == OnlineQuality.Outcome.WORSE) {
        worse++;
      }
    }
    assertThat(worse).as("false rollbacks of %d", trials).isLessThanOrEqualTo(trials / 100);
  }

  @Test
  void shouldNotRollBackBeyondTheSignificanceEvenWithoutATolerance() {
    Random random = new Random(7);
    int trials = 2_000;
    int worse = 0;
    for (int trial = 0; trial < trials; trial++) {
      OnlineQuality.Comparison c =
          OnlineQuality.compare(
              sample(random, 200, 0.9), sample(random, 2_000, 0.9), 0.0, 0.01, 30);
      if (c.outcome() == OnlineQuality.Outcome.WORSE) {
        worse++;
      }
    }
    // The test's level is 1 %: allow the binomial spread of 2,000 trials (sd 0.22 %).
    assertThat(worse).isLessThanOrEqualTo(trials * 16 / 1000);
  }

  @Test
  void shouldRollBackACanaryWhoseRmseIs20PercentWorse() {
    Random random = new Random(42);
    int trials = 200;
    int caught = 0;
    for (int trial = 0; trial < trials; trial++) {
      if (judge(sample(random, 1_000, 0.9 * 1.2), sample(random, 5_000, 0.9))
          == OnlineQuality.Outcome.WORSE) {
        caught++;
      }
    }
    assertThat(caught).as("caught of %d at 1,000 feedback", trials).isGreaterThanOrEqualTo(190);
  }

  @Test
  void shouldCatchAClearlyWorseCanaryFromAFewDozenFeedbacks() {
    Random random = new Random(3);
    int trials = 200;
    int caught = 0;
    for (int trial = 0; trial < trials; trial++) {
      // RMSE twice the stable one's, as a broken model's would be; each later check adds
      // feedback and tests again, so a miss here only delays the rollback by an interval.
      if (judge(sample(random, 40, 1.8), sample(random, 800, 0.9)) == OnlineQuality.Outcome.WORSE) {
        caught++;
      }
    }
    assertThat(caught).as("caught of %d at 40 feedback", trials).isGreaterThanOrEqualTo(180);
  }

  @Test
  void shouldNotJudgeBelowTheMinimumFeedback() {
    Random random = new Random(1);
    OnlineQuality.Comparison c =
        OnlineQuality.compare(sample(random, 29, 5), sample(random, 500, 0.9), 0.05, 0.01, 30);

    assertThat(c.outcome()).isEqualTo(OnlineQuality.Outcome.TOO_FEW);
    assertThat(c.reason()).contains("29 and 500 feedback, 30 each needed");
  }

  @Test
  void shouldDecideExactlyWhenEveryErrorIsTheSame() {
    SquaredErrors one = new SquaredErrors(50, 50, 50);
    SquaredErrors two = new SquaredErrors(50, 100, 200);

    assertThat(OnlineQuality.compare(two, one, 0.05, 0.01, 30).outcome())
        .isEqualTo(OnlineQuality.Outcome.WORSE);
    assertThat(OnlineQuality.compare(one, one, 0.05, 0.01, 30).outcome())
        .isEqualTo(OnlineQuality.Outcome.NOT_SHOWN_WORSE);
  }

  @Test
  void shouldComputeStudentTailsLikeTheTables() {
    // Student's t tables: one-sided 5 % at 10 df is 1.812, 1 % at 30 df is 2.457.
    assertThat(StudentT.upperTail(1.812, 10)).isCloseTo(0.05, within(2e-4));
    assertThat(StudentT.upperTail(2.457, 30)).isCloseTo(0.01, within(1e-4));
    assertThat(StudentT.upperTail(0, 7.5)).isCloseTo(0.5, within(1e-12));
    assertThat(StudentT.upperTail(-1.812, 10)).isCloseTo(0.95, within(2e-4));
    // Large df: the normal tail, 1 - Phi(2.326) = 0.01.
    assertThat(StudentT.upperTail(2.3263, 1e6)).isCloseTo(0.01, within(1e-4));
  }

  private OnlineQuality.Outcome judge(SquaredErrors canary, SquaredErrors stable) {
    return OnlineQuality.compare(
            canary, stable, t.maxOnlineRmseIncrease(), t.onlineSignificance(), t.minFeedback())
        .outcome();
  }

  /**
   * The squared errors of n predictions with normal errors of the RMSE (squared errors are then
   * chi-square distributed, skewed and heavy-tailed: a hard case for a test on their mean).
   */
  private static SquaredErrors sample(Random random, int n, double rmse) {
    SquaredErrors s = SquaredErrors.NONE;
    for (int i = 0; i < n; i++) {
      double e = rmse * random.nextGaussian();
      s = s.plus(SquaredErrors.of(e * e));
    }
    return s;
  }
}
