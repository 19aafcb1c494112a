package dev.mlpipe.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MovieLensGeneratorTest {

  private static final RatingTable ML100K =
      MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7);

  @Test
  void shouldMakeTheMovieLens100kShape() {
    assertThat(ML100K.size()).isEqualTo(100_000);
    assertThat(ML100K.distinctUsers()).isEqualTo(943);
    assertThat(ML100K.distinctItems()).isLessThanOrEqualTo(1682).isGreaterThan(1600);
    Set<Long> pairs = new HashSet<>();
    Map<Integer, Integer> perUser = new HashMap<>();
    for (int row = 0; row < ML100K.size(); row++) {
      float r = ML100K.rating(row);
      assertThat(r).isBetween(1f, 5f).isEqualTo((float) Math.rint(r));
      assertThat(ML100K.user(row)).isBetween(1, 943);
      assertThat(ML100K.item(row)).isBetween(1, 1682);
      assertThat(pairs.add(((long) ML100K.user(row) << 32) | ML100K.item(row)))
          .as("each user rates an item at most once")
          .isTrue();
      perUser.merge(ML100K.user(row), 1, Integer::sum);
    }
    assertThat(perUser.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(20));
    assertThat(ML100K.meanRating()).isBetween(3.3, 3.8);
  }

  @Test
  void shouldSkewItemPopularityLikeMovieLens() {
    Map<Integer, Integer> perItem = new HashMap<>();
    for (int row = 0; row < ML100K.size(); row++) {
      perItem.merge(ML100K.item(row), 1, Integer::sum);
    }
    int[] counts = perItem.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    int top10Percent = counts.length / 10;
    long inTop =
        Arrays.stream(counts, counts.length - top10Percent, counts.length).asLongStream().sum();
    assertThat((double) inTop / ML100K.size())
        .as("share of ratings on the 10 %% most popular items")
        .isBetween(0.3, 0.6);
    assertThat(counts[counts.length - 1]).isGreaterThan(20 * counts[counts.length / 2] / 2);
  }

  @Test
  void shouldGiveTheSameRowsForTheSameSeedAndOthersForAnother() {
    assertThat(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7).sha256())
        .isEqualTo(ML100K.sha256());
    assertThat(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 8).sha256())
        .isNotEqualTo(ML100K.sha256());
  }

  @Test
  void shouldSpreadTimestampsOverSevenMonthsFromSeptember1997() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int row = 0; row < ML100K.size(); row++) {
      min = Math.min(min, ML100K.timestamp(row));
      max = Math.max(max, ML100K.timestamp(row));
    }
    assertThat(min).isGreaterThanOrEqualTo(874_724_710L);
    assertThat(max - min).isBetween(150L * 86_400, 215L * 86_400);
  }
}
