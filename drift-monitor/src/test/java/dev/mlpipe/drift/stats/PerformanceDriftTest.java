package dev.mlpipe.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.schemas.DriftKind;
import org.junit.jupiter.api.Test;

class PerformanceDriftTest {

  private static ErrorSums errors(int n, double error) {
    ErrorSums sums = ErrorSums.EMPTY;
    for (int i = 0; i < n; i++) {
      sums = sums.add(3 + (i % 2 == 0 ? error : -error), 3);
    }
    return sums;
  }

  @Test
  void shouldComputeTheRootMeanSquaredError() {
    ErrorSums sums = ErrorSums.EMPTY.add(4, 3).add(1, 3);

    assertThat(sums.rmse()).isCloseTo(Math.sqrt((1 + 4) / 2.0), within(1e-12));
  }

  @Test
  void shouldDriftWhenOnlineRmseIsMoreThanTheToleranceAboveTheHoldoutRmse() {
    KindAssessment assessment =
        PerformanceDrift.evaluate(errors(200, 0.9), 0.7, 0.2, 100).orElseThrow();

    assertThat(assessment.kind()).isEqualTo(DriftKind.PERFORMANCE);
    assertThat(assessment.severity()).isEqualTo(Severity.DRIFT);
    FeatureStatistic rmse = assessment.statistics().get(0);
    assertThat(rmse.statistic()).isEqualTo("ONLINE_RMSE");
    assertThat(rmse.value()).isCloseTo(0.9, within(1e-12));
    assertThat(rmse.threshold()).isCloseTo(0.84, within(1e-12));
  }

  @Test
  void shouldNotDriftWithinTheTolerance() {
    assertThat(PerformanceDrift.evaluate(errors(200, 0.8), 0.7, 0.2, 100).orElseThrow().severity())
        .isEqualTo(Severity.NONE);
  }

  @Test
  void shouldNotJudgeTooFewPredictionsWithFeedback() {
    assertThat(PerformanceDrift.evaluate(errors(99, 5), 0.7, 0.2, 100)).isEmpty();
  }
}
