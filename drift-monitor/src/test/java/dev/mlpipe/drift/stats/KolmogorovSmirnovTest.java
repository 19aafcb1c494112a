package dev.mlpipe.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

  private final org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
      new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();

  @Test
  void shouldMatchCommonsMathStatisticOnTwoNormalSamplesWithShiftedMeans() {
    double[] a = normal(new Random(1), 2_000, 0, 1);
    double[] b = normal(new Random(2), 3_000, 0.2, 1);
    double[] points = concat(a, b);

    double d = KolmogorovSmirnov.statistic(empirical(a), empirical(b), points);

    assertThat(d).isCloseTo(commons.kolmogorovSmirnovStatistic(a, b), within(1e-12));
  }

  @Test
  void shouldMatchCommonsMathAsymptoticPValue() {
    for (double d : new double[] {0.001, 0.01, 0.02, 0.05, 0.1, 0.3}) {
      for (int[] sizes : new int[][] {{1_000, 1_000}, {80_000, 10_000}, {500, 20_000}}) {
        assertThat(KolmogorovSmirnov.pValue(d, sizes[0], sizes[1]))
            .as("d=%s n=%s m=%s", d, sizes[0], sizes[1])
            .isCloseTo(commons.approximateP(d, sizes[0], sizes[1]), within(1e-10));
      }
    }
  }

  @Test
  void shouldGiveAPValueOfOneForIdenticalDistributions() {
    assertThat(KolmogorovSmirnov.pValue(0, 100, 100)).isEqualTo(1.0);
  }

  @Test
  void shouldStayWithinOnePercentOfTheExactStatisticWhenTheWindowIsASketch() {
    double[] reference = normal(new Random(3), 20_000, 0, 1);
    double[] window = normal(new Random(4), 20_000, 0.1, 1.2);
    NumericSketch sketch = NumericSketch.create(NumericSketch.DEFAULT_K);
    for (double v : window) {
      sketch.update(v);
    }

    double d =
        KolmogorovSmirnov.statistic(
            empirical(reference), sketch::shareBelow, concat(reference, window));

    double exact = commons.kolmogorovSmirnovStatistic(reference, window);
    assertThat(d).isCloseTo(exact, within(0.01));
    assertThat(KolmogorovSmirnov.pValue(d, reference.length, window.length))
        .isLessThan(1e-10)
        .isCloseTo(commons.kolmogorovSmirnovTest(reference, window), within(1e-6));
  }

  @Test
  void shouldRefuseAStatisticOutsideZeroToOne() {
    assertThatThrownBy(() -> KolmogorovSmirnov.pValue(1.5, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1], was 1.5");
  }

  static double[] normal(Random random, int n, double mean, double sd) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + sd * random.nextGaussian();
    }
    return values;
  }

  /** The exact empirical CDF, share of values strictly below x. */
  static DoubleUnaryOperator empirical(double[] sample) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    return x -> {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return (double) lo / sorted.length;
    };
  }

  private static double[] concat(double[] a, double[] b) {
    double[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
