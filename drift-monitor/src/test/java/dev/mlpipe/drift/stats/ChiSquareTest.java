package dev.mlpipe.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

class ChiSquareTest {

  private final org.apache.commons.math3.stat.inference.ChiSquareTest commons =
      new org.apache.commons.math3.stat.inference.ChiSquareTest();

  @Test
  void shouldMatchCommonsMathStatisticAndPValueWhenCountsFollowTheExpectation() {
    double[] expected = {0.5, 0.3, 0.2};
    long[] observed = {510, 290, 200};

    ChiSquare.Result result = ChiSquare.test(expected, observed);

    assertThat(result.statistic()).isCloseTo(commons.chiSquare(expected, observed), within(1e-10));
    assertThat(result.pValue()).isCloseTo(commons.chiSquareTest(expected, observed), within(1e-10));
    assertThat(result.degreesOfFreedom()).isEqualTo(2);
    assertThat(result.pValue()).isGreaterThan(0.5);
  }

  @Test
  void shouldMatchCommonsMathOnAShiftedCategoricalDistributionWithManyBins() {
    double[] expected = new double[40];
    long[] observed = new long[40];
    for (int i = 0; i < 40; i++) {
      expected[i] = 100 + i;
      observed[i] = 140 - i;
    }

    ChiSquare.Result result = ChiSquare.test(expected, observed);

    assertThat(result.statistic()).isCloseTo(commons.chiSquare(expected, observed), within(1e-9));
    assertThat(result.pValue()).isCloseTo(commons.chiSquareTest(expected, observed), within(1e-12));
    assertThat(result.pValue()).isLessThan(0.05);
  }

  @Test
  void shouldMatchTheChiSquaredDistributionTailForSmallAndLargeDegreesOfFreedom() {
    for (int df : new int[] {1, 2, 5, 30, 500}) {
      ChiSquaredDistribution distribution = new ChiSquaredDistribution(df);
      for (double x : new double[] {0.01, 0.5, 1, df, 2.0 * df, 5.0 * df + 10}) {
        assertThat(Gamma.regularizedQ(df / 2.0, x / 2.0))
            .as("df=%s x=%s", df, x)
            .isCloseTo(1 - distribution.cumulativeProbability(x), within(1e-9));
      }
    }
  }

  @Test
  void shouldRefuseAnExpectedCountOfZeroNamingTheBin() {
    assertThatThrownBy(() -> ChiSquare.test(new double[] {1, 0}, new long[] {3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bin 1 was 0.0");
  }
}
