package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.ReferenceProfile;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReferenceProfilesTest {

  @Test
  void shouldCountEveryRatingInOneBinWithIntegerRatingsInDistinctBins() {
    FeatureProfile rating =
        ReferenceProfiles.numeric("rating", new double[] {1, 2, 3, 4, 5, 5, 5}, 10);

    assertThat(rating.getKind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(rating.getCount()).isEqualTo(7);
    assertThat(rating.getBinEdges()).hasSize(11).startsWith(1.0).endsWith(5.0);
    assertThat(rating.getBinCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
    assertThat(rating.getBinCounts().get(9)).isEqualTo(3); // the last bin holds the maximum
    assertThat(rating.getBinCounts().stream().filter(c -> c > 0)).hasSize(5);
    assertThat(rating.getQuantiles()).containsEntry("p50", 4.0).containsEntry("p99", 5.0);
    assertThat(rating.getMin()).isEqualTo(1.0);
    assertThat(rating.getMax()).isEqualTo(5.0);
  }

  @Test
  void aTabularProfileHoldsEveryFeatureUnderItsColumnNameWithItsKind() {
    TabularTable churn = TabularGenerator.generate(TabularShape.CHURN, 1, 500, false);
    ReferenceProfile profile = ReferenceProfiles.ofTabular(churn, new double[] {0.1, 0.9});

    assertThat(profile.getRowCount()).isEqualTo(500);
    assertThat(profile.getFeatures())
        .extracting(FeatureProfile::getName)
        .containsExactly(
            "tenure_months",
            "contract",
            "monthly_charges",
            "total_charges",
            "internet_service",
            "payment_method",
            "support_calls",
            "senior");
    FeatureProfile contract = profile.getFeatures().get(1);
    assertThat(contract.getKind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(contract.getCategoryCounts().keySet())
        .containsExactlyInAnyOrder("month-to-month", "one-year", "two-year");
    assertThat(contract.getCategoryCounts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(500);
    assertThat(profile.getFeatures().get(0).getKind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(profile.getPrediction().getCount()).isEqualTo(2);
  }

  @Test
  void rareLabelsAreSummedUnderOther() {
    FeatureProfile p = ReferenceProfiles.categorical("c", new String[] {"a", "a", "b", "c"}, 1);
    assertThat(p.getCategoryCounts()).containsEntry("a", 2L).containsEntry("__other__", 2L);
  }

  @Test
  void shouldCountNonFiniteValuesAsMissing() {
    FeatureProfile p = ReferenceProfiles.numeric("p", new double[] {Double.NaN, 3.0}, 10);
    assertThat(p.getCount()).isEqualTo(1);
    assertThat(p.getMissingCount()).isEqualTo(1);
    assertThat(p.getBinEdges()).containsExactly(3.0, 4.0); // one value: one bin [v, v + 1)
    assertThat(p.getBinCounts()).containsExactly(1L);
  }

  @Test
  void shouldKeepTheMostFrequentCategoriesAndSumTheRestUnderOther() {
    int[] ids = {7, 7, 7, 3, 3, 9, 1, 2};
    FeatureProfile items = ReferenceProfiles.categorical("item", ids, 2);

    assertThat(items.getKind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(items.getCount()).isEqualTo(8);
    assertThat(items.getCategoryCounts())
        .containsExactly(
            java.util.Map.entry("7", 3L),
            java.util.Map.entry("3", 2L),
            java.util.Map.entry(ReferenceProfiles.OTHER, 3L));
  }

  @Test
  void shouldProfileUsersItemsRatingsAndPredictions() {
    int n = 500;
    RatingTable train =
        RatingTable.of(
            IntStream.range(0, n).map(i -> i % 50).toArray(),
            IntStream.range(0, n).map(i -> i % 200).toArray(),
            toFloats(IntStream.range(0, n).map(i -> 1 + i % 5).toArray()),
            new long[n]);
    ReferenceProfile profile = ReferenceProfiles.of(train, new double[] {3.1, 3.9, 4.2});

    assertThat(profile.getRowCount()).isEqualTo(n);
    assertThat(profile.getFeatures())
        .extracting(FeatureProfile::getName)
        .containsExactly(ReferenceProfiles.USER, ReferenceProfiles.ITEM, ReferenceProfiles.RATING);
    assertThat(profile.getFeatures().get(1).getCategoryCounts())
        .hasSize(ReferenceProfiles.TOP_CATEGORIES + 1)
        .containsEntry(ReferenceProfiles.OTHER, 200L);
    assertThat(profile.getPrediction().getCount()).isEqualTo(3);
  }

  private static float[] toFloats(int[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
