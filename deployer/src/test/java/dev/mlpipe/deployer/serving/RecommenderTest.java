package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.deployer.TestModels;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.data.RatingTable;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecommenderTest {

  private final ModelArtifact artifact = TestModels.artifact("m", "v1");

  @Test
  void shouldReturnTheBestScoredItemsBestFirst() {
    ServedModel model = ServedModel.of("0".repeat(64), artifact, Optional.empty());

    Recommendation rec = Recommender.recommend(model, 2, 5);

    List<Integer> expected =
        IntStream.rangeClosed(101, 120)
            .boxed()
            .sorted(
                Comparator.comparingDouble((Integer i) -> -artifact.factors().predict(2, i))
                    .thenComparing(i -> i))
            .limit(5)
            .toList();
    assertThat(rec.items()).isEqualTo(expected);
    assertThat(rec.fallback()).isFalse();
    assertThat(rec.scores()).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void shouldLeaveOutItemsTheUserRatedWhenTheTrainingDataIsKnown() {
    RatingTable data =
        RatingTable.builder().add(2, 101, 4f, 1L).add(2, 102, 3f, 2L).add(3, 103, 5f, 3L).build();
    ServedModel model = ServedModel.of("0".repeat(64), artifact, Optional.of(data));

    Recommendation rec = Recommender.recommend(model, 2, 20);

    assertThat(rec.items()).hasSize(18).doesNotContain(101, 102);
  }

  @Test
  void shouldAnswerAnUnknownUserWithPopularItemsMarkedAsFallback() {
    RatingTable data =
        RatingTable.builder()
            .add(1, 110, 4f, 1L)
            .add(2, 110, 3f, 2L)
            .add(3, 110, 5f, 3L)
            .add(1, 105, 5f, 4L)
            .add(2, 105, 5f, 5L)
            .add(4, 119, 1f, 6L)
            .build();
    ServedModel model = ServedModel.of("0".repeat(64), artifact, Optional.of(data));

    Recommendation rec = Recommender.recommend(model, 999, 3);

    assertThat(rec.fallback()).isTrue();
    assertThat(rec.items()).containsExactly(110, 105, 119);
  }

  @Test
  void shouldRefuseKOutsideItsRange() {
    ServedModel model = ServedModel.of("0".repeat(64), artifact, Optional.empty());

    assertThatThrownBy(() -> Recommender.recommend(model, 1, 0)).hasMessageContaining("k must");
  }

  @Test
  void shouldScoreEveryUserExactlyAsTheFactorModelPredictsOnAMovieLensShapedModel() {
    java.util.Random random = new java.util.Random(5);
    int[] users = IntStream.rangeClosed(1, 60).toArray();
    int[] items = IntStream.rangeClosed(1, 300).map(i -> 1_000 + 3 * i).toArray();
    RatingTable.Builder ratings = RatingTable.builder();
    for (int n = 0; n < 3_000; n++) {
      ratings.add(
          users[random.nextInt(users.length)],
          items[random.nextInt(items.length)],
          1 + random.nextInt(5),
          n);
    }
    RatingTable data = ratings.build();
    int rank = 4;
    dev.mlpipe.models.factor.FactorModel factors =
        dev.mlpipe.models.factor.FactorModel.of(
            3.5,
            1,
            5,
            rank,
            users,
            items,
            random.doubles(users.length, -0.5, 0.5).toArray(),
            random.doubles(items.length, -0.5, 0.5).toArray(),
            random.doubles(users.length * rank, -1, 1).toArray(),
            random.doubles(items.length * rank, -1, 1).toArray());
    ServedModel model =
        ServedModel.of(
            "0".repeat(64),
            new ModelArtifact(TestModels.artifact("m", "v1").card(), factors),
            Optional.of(data));

    for (int user : users) {
      Recommendation rec = Recommender.recommend(model, user, 10);

      List<Integer> expected =
          IntStream.of(items)
              .filter(i -> !model.hasRated(user, i))
              .boxed()
              .sorted(
                  Comparator.comparingDouble((Integer i) -> -factors.predict(user, i))
                      .thenComparing(i -> i))
              .limit(10)
              .toList();
      assertThat(rec.items()).as("user %d", user).isEqualTo(expected);
      assertThat(rec.scores())
          .isEqualTo(expected.stream().map(i -> factors.predict(user, i)).toList());
    }
  }
}
