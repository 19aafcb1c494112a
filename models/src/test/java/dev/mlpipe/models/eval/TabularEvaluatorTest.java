package dev.mlpipe.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TabularEvaluatorTest {

  // The classic four-row case: negatives score 0.1 and 0.4, positives 0.35 and 0.8.
  private static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};
  private static final double[] LABELS = {0, 0, 1, 1};

  @Test
  void rocAucIsTheShareOfPositiveNegativePairsRankedRight() {
    // Pairs (pos, neg): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, 0.1) right, (0.8, 0.4) right.
    assertThat(TabularEvaluator.rocAuc(SCORES, LABELS)).isEqualTo(0.75);
  }

  @Test
  void rocAucCountsATiedPairAsOneHalf() {
    assertThat(TabularEvaluator.rocAuc(new double[] {0.5, 0.5, 0.2}, new double[] {1, 0, 0}))
        .isEqualTo(0.75); // (0.5 vs 0.5) = 1/2, (0.5 vs 0.2) = 1
  }

  @Test
  void rocAucIsNanWithoutBothClasses() {
    assertThat(TabularEvaluator.rocAuc(new double[] {0.2, 0.9}, new double[] {1, 1})).isNaN();
  }

  @Test
  void averagePrecisionSumsPrecisionAtEachRecallStep() {
    // Ranked: 0.8 (pos) P=1 R=0.5; 0.4 (neg); 0.35 (pos) P=2/3 R=1 -> 0.5*1 + 0.5*2/3.
    assertThat(TabularEvaluator.averagePrecision(SCORES, LABELS))
        .isCloseTo(0.5 + 1.0 / 3, within(1e-15));
  }

  @Test
  void averagePrecisionOfAPerfectRankingIsOne() {
    assertThat(
            TabularEvaluator.averagePrecision(
                new double[] {0.9, 0.8, 0.1, 0.05}, new double[] {1, 1, 0, 0}))
        .isEqualTo(1.0);
  }

  @Test
  void labelsAtTheThresholdGivePrecisionRecallAndF1() {
    ClassifierMetrics m = TabularEvaluator.classifier(SCORES, LABELS, 0.5);
    assertThat(m.precision()).isEqualTo(1.0); // only 0.8 predicted positive, and it is
    assertThat(m.recall()).isEqualTo(0.5);
    assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(m.rows()).isEqualTo(4);
    assertThat(m.positives()).isEqualTo(2);
    assertThat(m.asMap()).containsOnlyKeys("precision", "recall", "f1", "roc_auc", "pr_auc");
  }

  @Test
  void noPredictedPositiveMeansZeroPrecisionRatherThanNan() {
    ClassifierMetrics m = TabularEvaluator.classifier(SCORES, LABELS, 0.99);
    assertThat(m.precision()).isZero();
    assertThat(m.f1()).isZero();
  }

  @Test
  void theBestF1ThresholdIsAScoreThatMaximisesF1() {
    // At 0.35 every positive is found with one false positive: F1 = 2*2/(3+2) = 0.8, the best.
    assertThat(TabularEvaluator.bestF1Threshold(SCORES, LABELS)).isEqualTo(0.35);
  }

  @Test
  void regressorMetricsMatchAHandComputedCase() {
    // Errors 1, -1, 0; target mean 4, total sum of squares 9 + 1 + 4 = 14.
    RegressorMetrics m = TabularEvaluator.regressor(new double[] {2, 4, 6}, new double[] {1, 5, 6});
    assertThat(m.rmse()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-15));
    assertThat(m.mae()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(m.r2()).isCloseTo(1 - 2.0 / 14, within(1e-15));
  }

  @Test
  void rSquaredOfAConstantTargetIsLeftOut() {
    RegressorMetrics m = TabularEvaluator.regressor(new double[] {1, 2}, new double[] {3, 3});
    assertThat(m.asMap()).containsOnlyKeys("rmse", "mae");
  }
}
