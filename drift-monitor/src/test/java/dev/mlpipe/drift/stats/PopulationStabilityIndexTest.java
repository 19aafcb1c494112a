package dev.mlpipe.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

  @Test
  void shouldBeZeroForTheSameSharesWhateverTheCounts() {
    assertThat(PopulationStabilityIndex.of(new double[] {10, 20, 70}, new double[] {1, 2, 7}))
        .isCloseTo(0, within(1e-15));
  }

  @Test
  void shouldMatchTheTextbookSumForKnownShares() {
    double[] expected = {0.25, 0.25, 0.25, 0.25};
    double[] actual = {0.1, 0.2, 0.3, 0.4};
    double textbook =
        (0.1 - 0.25) * Math.log(0.1 / 0.25)
            + (0.2 - 0.25) * Math.log(0.2 / 0.25)
            + (0.3 - 0.25) * Math.log(0.3 / 0.25)
            + (0.4 - 0.25) * Math.log(0.4 / 0.25);

    assertThat(PopulationStabilityIndex.of(expected, actual)).isCloseTo(textbook, within(1e-15));
    assertThat(textbook).isCloseTo(0.2282, within(1e-4));
  }

  @Test
  void shouldStayFiniteWhenABinIsEmptyOnOneSide() {
    double psi = PopulationStabilityIndex.of(new double[] {50, 50, 0}, new double[] {40, 40, 20});

    assertThat(psi).isFinite().isGreaterThan(0.2);
  }

  @Test
  void shouldApproachTheSquaredShiftForAHalfSigmaShiftOfANormalOverFineBins() {
    // For N(0,1) against N(d,1) PSI tends to the symmetric KL divergence, d^2; the floor on
    // nearly empty tail bins keeps it a little below.
    int bins = 400;
    double[] expected = new double[bins];
    double[] actual = new double[bins];
    org.apache.commons.math3.distribution.NormalDistribution ref =
        new org.apache.commons.math3.distribution.NormalDistribution(0, 1);
    org.apache.commons.math3.distribution.NormalDistribution shifted =
        new org.apache.commons.math3.distribution.NormalDistribution(0.5, 1);
    for (int i = 0; i < bins; i++) {
      double lo = -6 + 12.0 * i / bins;
      double hi = -6 + 12.0 * (i + 1) / bins;
      expected[i] = ref.probability(lo, hi);
      actual[i] = shifted.probability(lo, hi);
    }

    assertThat(PopulationStabilityIndex.of(expected, actual)).isCloseTo(0.25, within(0.01));
  }
}
