package dev.mlpipe.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

  private static final RatingTable DATA =
      MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 5);

  @Test
  void shouldSplitRandomlyIntoDisjointSidesCoveringEveryRow() {
    Split split = Splits.random(DATA, 0.2, 42);

    assertThat(split.holdout().size()).isEqualTo(20_000);
    assertThat(split.train().size()).isEqualTo(80_000);
    Set<Long> train = keys(split.train());
    Set<Long> holdout = keys(split.holdout());
    Set<Long> overlap = new HashSet<>(train);
    overlap.retainAll(holdout);
    assertThat(overlap).isEmpty();
    Set<Long> all = new HashSet<>(train);
    all.addAll(holdout);
    assertThat(all.equals(keys(DATA))).as("train and holdout together are every row").isTrue();
  }

  @Test
  void shouldHashTheSameHoldoutForTheSameSeedOnly() {
    String holdout = Splits.random(DATA, 0.2, 42).holdoutSha256();

    assertThat(Splits.random(DATA, 0.2, 42).holdoutSha256()).isEqualTo(holdout);
    assertThat(Splits.random(DATA, 0.2, 43).holdoutSha256()).isNotEqualTo(holdout);
    assertThat(holdout).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void shouldHoldOutTheNewestRowsInATimeSplit() {
    Split split = Splits.byTime(DATA, 0.1);

    assertThat(split.holdout().size()).isEqualTo(10_000);
    long newestTrain = Long.MIN_VALUE;
    for (int row = 0; row < split.train().size(); row++) {
      newestTrain = Math.max(newestTrain, split.train().timestamp(row));
    }
    for (int row = 0; row < split.holdout().size(); row++) {
      assertThat(split.holdout().timestamp(row)).isGreaterThanOrEqualTo(newestTrain);
    }
    assertThat(Splits.byTime(DATA, 0.1).holdoutSha256()).isEqualTo(split.holdoutSha256());
  }

  @Test
  void shouldOrderTiesByRowAndHandleTimestampsAfter2038() {
    RatingTable early =
        RatingTable.of(
            new int[] {1, 2, 3, 4},
            new int[] {1, 1, 1, 1},
            new float[] {1, 2, 3, 4},
            new long[] {7, 9, 9, 1});
    RatingTable late =
        RatingTable.of(
            new int[] {1, 2, 3, 4},
            new int[] {1, 1, 1, 1},
            new float[] {1, 2, 3, 4},
            new long[] {7, 3_000_000_000L, 3_000_000_000L, 1});

    for (RatingTable table : new RatingTable[] {early, late}) {
      Split split = Splits.byTime(table, 0.25);
      assertThat(split.holdout().size()).isEqualTo(1);
      assertThat(split.holdout().user(0)).as("the later of two equal timestamps").isEqualTo(3);
      assertThat(split.train().user(0)).as("train keeps the table's order").isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseAHoldoutThatLeavesASideEmpty() {
    RatingTable two = DATA.select(new int[] {0, 1});
    assertThatThrownBy(() -> Splits.random(two, 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves one side empty");
    assertThatThrownBy(() -> Splits.byTime(DATA, 1.0))
        .hasMessageContaining("not strictly between 0 and 1");
  }

  private static Set<Long> keys(RatingTable t) {
    Set<Long> keys = new HashSet<>();
    for (int row = 0; row < t.size(); row++) {
      keys.add(((long) t.user(row) << 32) | t.item(row));
    }
    return keys;
  }
}
