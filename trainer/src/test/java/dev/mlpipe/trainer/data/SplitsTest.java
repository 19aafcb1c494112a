package dev.mlpipe.trainer.data;

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
