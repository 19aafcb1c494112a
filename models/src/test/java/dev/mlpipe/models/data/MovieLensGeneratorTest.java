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

  @Test
  void shouldGiveUsersTheUndriftedDataNeverHadUnderNewUsersDrift() {
    RatingTable drifted =
        MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.NEW_USERS);

    assertThat(drifted.size()).isEqualTo(ML100K.size());
    for (int row = 0; row < drifted.size(); row++) {
      assertThat(drifted.user(row)).isBetween(944, 2 * 943);
    }
    assertThat(drifted.distinctUsers()).isEqualTo(943);
    assertThat(drifted.meanRating()).isEqualTo(ML100K.meanRating());
  }

  @Test
  void shouldMakeTheLongTailPopularUnderPopularityShift() {
    RatingTable drifted =
        MovieLensGenerator.generate(
            GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.POPULARITY_SHIFT);

    int before = mostRatedItem(ML100K);
    Map<Integer, Integer> after = perItem(drifted);
    Map<Integer, Integer> beforeCounts = perItem(ML100K);
    assertThat(after.getOrDefault(before, 0))
        .as("the formerly most rated item is now rarely rated")
        .isLessThan(beforeCounts.get(before) / 10);
    assertThat(beforeCounts.getOrDefault(mostRatedItem(drifted), 0))
        .isLessThan(after.get(mostRatedItem(drifted)) / 10);
  }

  @Test
  void shouldRateOneStarHarsherUnderRatingScaleShiftAndStayWithinOneToFive() {
    RatingTable drifted =
        MovieLensGenerator.generate(
            GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.RATING_SCALE_SHIFT);

    assertThat(drifted.meanRating()).isBetween(ML100K.meanRating() - 1, ML100K.meanRating() - 0.7);
    for (int row = 0; row < drifted.size(); row++) {
      assertThat(drifted.rating(row)).isBetween(1f, 5f);
      assertThat(drifted.user(row)).isEqualTo(ML100K.user(row));
      assertThat(drifted.item(row)).isEqualTo(ML100K.item(row));
    }
  }

  @Test
  void shouldGiveTheUndriftedRowsForNoDriftAndTheSameDriftedRowsForTheSameSeed() {
    assertThat(
            MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.NONE)
                .sha256())
        .isEqualTo(ML100K.sha256());
    assertThat(
            MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.NEW_USERS)
                .sha256())
        .isEqualTo(
            MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7, GeneratedDrift.NEW_USERS)
                .sha256());
  }

  private static Map<Integer, Integer> perItem(RatingTable table) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int row = 0; row < table.size(); row++) {
      counts.merge(table.item(row), 1, Integer::sum);
    }
    return counts;
  }

  private static int mostRatedItem(RatingTable table) {
    return perItem(table).entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey();
  }
}
