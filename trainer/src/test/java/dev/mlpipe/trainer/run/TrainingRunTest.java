package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.trainer.GitFixture;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path store;

  private TrainingRun run() {
    return new TrainingRun(ArtifactStore.at(store), Clock.systemUTC(), Duration.ofMinutes(5));
  }

  private static RunRequest request(String yaml, RepositoryFiles files) throws Exception {
    TrainingSpec spec = TrainingSpecParser.parse(yaml, "test");
    return new RunRequest(spec, files, SHA, "run-1", VersionLabel.of(SHA, "run-1"), CREATED);
  }

  private static RepositoryFiles files(Map<String, String> contents) {
    return new RepositoryFiles() {
      @Override
      public Optional<InputStream> open(String path) {
        return Optional.ofNullable(contents.get(path))
            .map(text -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      }

      @Override
      public String describe(String path) {
        return path + " in the test";
      }
    };
  }

  @Test
  void shouldStoreTheChosenModelAndTheHoldoutWhereTheEventSaysTheyAre() throws Exception {
    TrainingOutcome outcome =
        run().run(request(GitFixture.QUICK_SPEC, files(Map.of())), RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    TrainingOutcome.Trained trained = (TrainingOutcome.Trained) outcome;
    ArtifactStore artifacts = ArtifactStore.at(store);
    byte[] file = Files.readAllBytes(Path.of(trained.artifact().uri()));
    assertThat(ArtifactStore.sha256(file)).isEqualTo(trained.artifact().sha256());
    assertThat((long) file.length).isEqualTo(trained.artifact().sizeBytes());
    ModelArtifact artifact = ArtifactFormat.load(artifacts, trained.artifact().sha256());
    assertThat(artifact.card().version()).isEqualTo(trained.version());
    assertThat(artifact.card().evalSplitHash()).isEqualTo(trained.evalSplitHash());
    RatingTable holdout = RatingTable.fromCanonicalBytes(artifacts.read(trained.evalSplitHash()));
    assertThat(holdout.size()).isEqualTo(20_000);
    RatingTable train = RatingTable.fromCanonicalBytes(artifacts.read(trained.trainSplitHash()));
    assertThat(train.size()).as("the rows the top-10 metrics excluded").isEqualTo(80_000);
    assertThat(trained.metrics())
        .containsKeys(
            "rmse",
            "mae",
            "ndcg_at_10",
            "latency_p50_ms",
            "latency_p95_ms",
            "latency_p99_ms",
            "size_bytes",
            "training_seconds");
    assertThat(trained.metrics().get("rmse")).isBetween(0.5, 1.2);
    assertThat(trained.metrics().get("size_bytes"))
        .isEqualTo((double) trained.artifact().sizeBytes());
    assertThat(trained.candidates())
        .singleElement()
        .satisfies(c -> assertThat(c.chosen()).isTrue());
    assertThat(trained.gatePolicy()).isEqualTo("critical:\n  rmse:\n    max: 1.2\n");
    assertThat(trained.profile().getRowCount()).isEqualTo(80_000);
  }

  @Test
  void shouldWriteTheSameArtifactWhenTheSameRequestIsTrainedAgain() throws Exception {
    RunRequest request = request(GitFixture.QUICK_SPEC, files(Map.of()));
    TrainingOutcome.Trained first = (TrainingOutcome.Trained) run().run(request, RunObserver.NONE);
    TrainingOutcome.Trained second = (TrainingOutcome.Trained) run().run(request, RunObserver.NONE);

    assertThat(second.artifact()).isEqualTo(first.artifact());
    assertThat(second.metrics().get("rmse")).isEqualTo(first.metrics().get("rmse"));
    assertThat(second.dataHash()).isEqualTo(first.dataHash());
  }

  @Test
  void shouldChooseTheBetterCandidateAndReportBoth() throws Exception {
    String yaml =
        """
        model: two
        data: {generate: {shape: movielens-100k}}
        candidates:
          - {name: tiny, recipe: recommender-sgd-mf, hyperParameters: {rank: 1, epochs: 1, learningRate: 0.001}}
          - {name: better, recipe: recommender-sgd-mf, hyperParameters: {rank: 8, epochs: 3}}
        """;
    TrainingOutcome.Trained trained =
        (TrainingOutcome.Trained) run().run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(trained.candidate()).isEqualTo("better");
    assertThat(trained.candidates())
        .extracting(CandidateReport::name, CandidateReport::chosen)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tiny", false),
            org.assertj.core.groups.Tuple.tuple("better", true));
    assertThat(trained.gatePolicy()).isNull();
  }

  @Test
  void shouldTrainTheDeeplearning4jRecipeAndStoreItsFactorsLikeAnyOtherCandidate()
      throws Exception {
    String yaml =
        """
        model: dl4j-mf
        data: {generate: {shape: movielens-100k}}
        recipe: recommender-mf
        hyperParameters: {epochs: 2}
        """;
    TrainingOutcome outcome = run().run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Trained.class);
    TrainingOutcome.Trained trained = (TrainingOutcome.Trained) outcome;
    ModelArtifact artifact =
        ArtifactFormat.load(ArtifactStore.at(store), trained.artifact().sha256());
    assertThat(artifact.card().recipe()).isEqualTo("recommender-mf");
    assertThat(artifact.factors().rank()).isEqualTo(10);
    assertThat(trained.metrics().get("rmse")).isBetween(0.5, 1.0);
  }

  @Test
  void shouldFailWithoutTrainingWhenARecipeIsNotAvailableYet() throws Exception {
    String yaml =
        """
        model: dl4j
        data: {generate: {shape: movielens-100k}}
        recipe: recommender-ncf
        """;
    TrainingOutcome outcome = run().run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(outcome)
        .isEqualTo(
            TrainingOutcome.Failed.of(
                FailurePhase.TRAINING,
                "candidate recommender-ncf: recipe recommender-ncf is not available yet in this"
                    + " trainer; available: recommender-mf, recommender-sgd-mf, classifier-mlp,"
                    + " regressor-mlp. Use one of them or remove the candidate"));
    assertThat(store).isEmptyDirectory();
  }

  @Test
  void shouldFailNamingTheCandidateAndWhatToChangeWhenTrainingDiverges() throws Exception {
    String yaml =
        """
        model: diverging
        data: {generate: {shape: movielens-100k}}
        recipe: recommender-sgd-mf
        hyperParameters: {learningRate: 1.0, regularization: 0, initStd: 1.0, epochs: 5, rank: 50}
        """;
    TrainingOutcome outcome = run().run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
    TrainingOutcome.Failed failed = (TrainingOutcome.Failed) outcome;
    assertThat(failed.phase()).isIn(FailurePhase.TRAINING, FailurePhase.EVALUATION);
    assertThat(failed.reason()).contains("recommender-sgd-mf").contains("learningRate");
  }

  @Test
  void shouldFailWithTheFileAndTheRuleWhenTheDataFileIsMissing() throws Exception {
    String yaml =
        """
        model: from-file
        data: {file: {path: data/u.data, format: movielens-100k}}
        recipe: recommender-sgd-mf
        """;
    TrainingOutcome outcome = run().run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
    TrainingOutcome.Failed failed = (TrainingOutcome.Failed) outcome;
    assertThat(failed.phase()).isEqualTo(FailurePhase.DATA);
    assertThat(failed.reason()).contains("data/u.data in the test").contains("data.file.path");
  }

  @Test
  void shouldFailWithTheBadLinesWhenTheDataFileDoesNotParse() throws Exception {
    String yaml =
        """
        model: from-file
        data: {file: {path: data/u.data, format: movielens-100k}}
        recipe: recommender-sgd-mf
        """;
    TrainingOutcome outcome =
        run()
            .run(
                request(yaml, files(Map.of("data/u.data", "not\ta\trating\n".repeat(10)))),
                RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
    TrainingOutcome.Failed failed = (TrainingOutcome.Failed) outcome;
    assertThat(failed.phase()).isEqualTo(FailurePhase.DATA);
    assertThat(failed.reason()).contains("data/u.data in the test");
  }

  @Test
  void shouldFailWhenTheRunReachesItsTimeLimit() throws Exception {
    TrainingRun slowClock =
        new TrainingRun(ArtifactStore.at(store), new SteppingClock(), Duration.ofSeconds(30));
    String yaml =
        """
        model: slow
        data: {generate: {shape: movielens-100k}}
        recipe: recommender-sgd-mf
        hyperParameters: {epochs: 50, rank: 2}
        """;
    TrainingOutcome outcome = slowClock.run(request(yaml, files(Map.of())), RunObserver.NONE);

    assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
    assertThat(((TrainingOutcome.Failed) outcome).reason())
        .contains("time limit of PT30S")
        .contains("trainer.max-training-minutes");
  }

  /** A clock that moves 10 s each time it is read. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      now = now.plusSeconds(10);
      return now;
    }
  }
}
