package dev.mlpipe.trainer.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecPathsTest {

  private static final Set<String> FILES =
      Set.of(
          "README.md",
          "examples/movielens-recsys/mlpipe.yaml",
          "examples/movielens-recsys/data/u.data",
          "examples/fraud-detection/mlpipe.yaml");

  @Test
  void shouldFindTheSpecOfTheModelDirectoryAPushTouched() {
    assertThat(
            SpecPaths.touchedBy(
                "mlpipe.yaml",
                List.of("examples/movielens-recsys/data/u.data", "README.md"),
                FILES::contains))
        .containsExactly("examples/movielens-recsys/mlpipe.yaml");
  }

  @Test
  void shouldFindEverySpecOfAPushThatTouchedSeveralModelsInTheOrderTouched() {
    assertThat(
            SpecPaths.touchedBy(
                "mlpipe.yaml",
                List.of(
                    "examples/fraud-detection/mlpipe.yaml",
                    "examples/movielens-recsys/mlpipe.yaml",
                    "examples/fraud-detection/train.csv"),
                FILES::contains))
        .containsExactly(
            "examples/fraud-detection/mlpipe.yaml", "examples/movielens-recsys/mlpipe.yaml");
  }

  @Test
  void shouldFindNothingWhenNoDirectoryAboveTheChangesHoldsASpec() {
    assertThat(SpecPaths.touchedBy("mlpipe.yaml", List.of("docs/guide.md"), FILES::contains))
        .isEmpty();
  }

  @Test
  void shouldLookForTheSpecsFileNameWhenTheEventNamesASpecInADirectory() {
    assertThat(
            SpecPaths.touchedBy(
                "models/mlpipe.yaml",
                List.of("examples/fraud-detection/features.py"),
                FILES::contains))
        .containsExactly("examples/fraud-detection/mlpipe.yaml");
  }

  @Test
  void shouldTrainTheNamedSpecWhenTheCommitHasItWhateverThePushTouched() {
    assertThat(
            SpecPaths.toTrain(
                "examples/fraud-detection/mlpipe.yaml",
                List.of("examples/movielens-recsys/data/u.data"),
                FILES::contains))
        .containsExactly("examples/fraud-detection/mlpipe.yaml");
  }

  @Test
  void shouldTrainEveryTouchedModelDirectoryWhenTheNamedSpecIsMissing() {
    assertThat(
            SpecPaths.toTrain(
                "mlpipe.yaml",
                List.of("examples/movielens-recsys/data/u.data", "examples/fraud-detection/x.csv"),
                FILES::contains))
        .containsExactly(
            "examples/movielens-recsys/mlpipe.yaml", "examples/fraud-detection/mlpipe.yaml");
  }

  @Test
  void shouldKeepTheNamedSpecWhenNoChangedPathsOrNoModelDirectoryWasTouched() {
    assertThat(SpecPaths.toTrain("mlpipe.yaml", List.of(), FILES::contains))
        .containsExactly("mlpipe.yaml");
    assertThat(SpecPaths.toTrain("mlpipe.yaml", List.of("docs/guide.md"), FILES::contains))
        .containsExactly("mlpipe.yaml");
  }
}
