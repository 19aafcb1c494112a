package dev.mlpipe.models.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TabularGeneratorTest {

  @Test
  void theSameShapeAndSeedGiveTheSameRows() {
    assertThat(TabularGenerator.generate(TabularShape.CHURN, 5, 1000, false).sha256())
        .isEqualTo(TabularGenerator.generate(TabularShape.CHURN, 5, 1000, false).sha256())
        .isNotEqualTo(TabularGenerator.generate(TabularShape.CHURN, 6, 1000, false).sha256());
  }

  @Test
  void fraudHasAboutHalfAPercentPositives() {
    TabularTable fraud = TabularGenerator.generate(TabularShape.FRAUD, 1);
    assertThat(fraud.size()).isEqualTo(100_000);
    assertThat(fraud.positiveShare()).isCloseTo(0.005, within(0.001));
  }

  @Test
  void churnHasAboutAQuarterChurners() {
    assertThat(TabularGenerator.generate(TabularShape.CHURN, 1).positiveShare())
        .isCloseTo(0.265, within(0.02));
  }

  @Test
  void taxiFaresGrowWithDistance() {
    TabularTable taxi = TabularGenerator.generate(TabularShape.TAXI, 1, 5000, false);
    double shortTrips = meanFare(taxi, 0, 3);
    double longTrips = meanFare(taxi, 10, 100);
    assertThat(longTrips).isGreaterThan(shortTrips + 15);
  }

  @Test
  void theDriftVariantShiftsTheFeaturesNotTheSchema() {
    TabularTable base = TabularGenerator.generate(TabularShape.FRAUD, 1, 20_000, false);
    TabularTable drifted = TabularGenerator.generate(TabularShape.FRAUD, 1, 20_000, true);
    assertThat(drifted.schema()).isEqualTo(base.schema());
    assertThat(median(drifted.numericColumn(0))).isGreaterThan(median(base.numericColumn(0)) * 1.5);
  }

  @Test
  void aTableReadsBackFromItsCanonicalBytesUnderTheSameHash() {
    TabularTable t = TabularGenerator.generate(TabularShape.FRAUD, 2, 100, false);
    TabularTable back = TabularTable.fromCanonicalBytes(t.toCanonicalBytes());
    assertThat(back.sha256()).isEqualTo(t.sha256());
    assertThat(back.features(7)).isEqualTo(t.features(7));
  }

  private static double meanFare(TabularTable taxi, double minKm, double maxKm) {
    double sum = 0;
    int n = 0;
    for (int row = 0; row < taxi.size(); row++) {
      double km = taxi.numeric(0, row);
      if (km >= minKm && km < maxKm) {
        sum += taxi.target(row);
        n++;
      }
    }
    return sum / n;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
