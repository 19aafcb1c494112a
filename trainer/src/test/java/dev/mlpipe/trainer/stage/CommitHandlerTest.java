package dev.mlpipe.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.runtime.InputEvent;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.trainer.GitFixture;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitHandlerTest {

  @TempDir Path tmp;
  private GitFixture repo;
  private final List<TrainingStarted> started = new ArrayList<>();
  private CommitHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitFixture.init(tmp.resolve("repo"));
    Clock clock = Clock.systemUTC();
    handler =
        new CommitHandler(
            new ModelRepositories(tmp.resolve("cache"), Optional.empty()),
            new TrainingRun(
                ArtifactStore.at(tmp.resolve("artifacts")), clock, Duration.ofMinutes(5)),
            new TrainingEvents(new EventMetas("trainer@test", clock)),
            started::add,
            RunObserver.NONE);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static CommitPushed commit(String repository, String sha, String specPath) {
    return CommitPushed.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId("event-1")
                .setRunId("run-1")
                .setCausationId(null)
                .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setProducer("test")
                .build())
        .setModel("quick-recsys")
        .setRepo(repository)
        .setSha(sha)
        .setSpecPath(specPath)
        .build();
  }

  private List<ProducerRecord<String, SpecificRecord>> handle(CommitPushed commit)
      throws Exception {
    return handler.handle(
        new InputEvent<>(
            Topics.COMMIT.name(),
            0,
            0,
            commit.getModel(),
            commit,
            new RecordHeaders(),
            Instant.now()));
  }

  private TrainingFailed onlyFailure(List<ProducerRecord<String, SpecificRecord>> out) {
    assertThat(out)
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.TRAINING_FAILED.name()));
    return (TrainingFailed) out.get(0).value();
  }

  @Test
  void shouldTrainTheSpecAsCommittedNotAsTheWorkingCopyHasItNow() throws Exception {
    String sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    Files.writeString(repo.dir().resolve("mlpipe.yaml"), "not: a spec\n"); // not committed

    List<ProducerRecord<String, SpecificRecord>> out =
        handle(commit(repo.dir().toString(), sha, "mlpipe.yaml"));

    assertThat(out).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("quick-recsys"));
    TrainingFinished finished = (TrainingFinished) out.get(0).value();
    assertThat(finished.getCommitSha()).isEqualTo(sha);
    assertThat(finished.getVersion()).startsWith(sha.substring(0, 10) + "-");
    assertThat(finished.getMeta().getRunId()).isEqualTo("run-1");
    assertThat(finished.getMeta().getCausationId()).isEqualTo("event-1");
    assertThat(finished.getGatePolicy()).contains("rmse");
    assertThat(started)
        .singleElement()
        .satisfies(s -> assertThat(s.getCandidates()).containsExactly("recommender-sgd-mf"));
  }

  @Test
  void shouldReadTheSpecAtItsPathInsideALargerRepository() throws Exception {
    String sha =
        repo.commit(Map.of("examples/quick/mlpipe.yaml", GitFixture.QUICK_SPEC), "an example");

    // The repository given as the example's directory, the spec path relative to it ...
    assertThat(handle(commit(repo.dir().resolve("examples/quick").toString(), sha, "mlpipe.yaml")))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));
    // ... or as the repository's root with the spec's path inside it.
    assertThat(handle(commit(repo.dir().toString(), sha, "examples/quick/mlpipe.yaml")))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));
  }

  @Test
  void shouldTrainTheSpecOfTheModelDirectoryAPushTouchedWhenTheRootHasNone() throws Exception {
    String other = GitFixture.QUICK_SPEC.replace("quick-recsys", "other-recsys");
    String sha =
        repo.commit(
            Map.of(
                "examples/quick/mlpipe.yaml",
                GitFixture.QUICK_SPEC,
                "examples/other/mlpipe.yaml",
                other),
            "two examples");
    // As the webhook bridge publishes a push: the repository's root, the default spec path.
    CommitPushed push =
        CommitPushed.newBuilder(commit(repo.dir().toUri().toString(), sha, "mlpipe.yaml"))
            .setModel("repo")
            .setChangedPaths(List.of("examples/quick/mlpipe.yaml"))
            .build();

    List<ProducerRecord<String, SpecificRecord>> out = handle(push);

    assertThat(out).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("quick-recsys"));
    assertThat(out.get(0).value()).isInstanceOf(TrainingFinished.class);
  }

  private CommitPushed pushOfTwoModelDirectories(String brokenOtherSpec) throws Exception {
    String other =
        brokenOtherSpec != null
            ? brokenOtherSpec
            : GitFixture.QUICK_SPEC.replace("quick-recsys", "other-recsys");
    String sha =
        repo.commit(
            Map.of(
                "examples/quick/mlpipe.yaml",
                GitFixture.QUICK_SPEC,
                "examples/other/mlpipe.yaml",
                other),
            "two examples");
    return CommitPushed.newBuilder(commit(repo.dir().toString(), sha, "mlpipe.yaml"))
        .setModel("repo")
        .setChangedPaths(List.of("examples/quick/mlpipe.yaml", "examples/other/mlpipe.yaml"))
        .build();
  }

  @Test
  void shouldTrainEachModelDirectoryAPushTouchedInItsOwnRunCausedByTheCommit() throws Exception {
    CommitPushed push = pushOfTwoModelDirectories(null);

    List<ProducerRecord<String, SpecificRecord>> out = handle(push);

    assertThat(out).extracting(ProducerRecord::key).containsExactly("quick-recsys", "other-recsys");
    assertThat(out).allSatisfy(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));
    List<TrainingFinished> finished = out.stream().map(r -> (TrainingFinished) r.value()).toList();
    assertThat(finished).extracting(f -> f.getMeta().getRunId()).doesNotHaveDuplicates();
    assertThat(finished).extracting(f -> f.getMeta().getRunId()).doesNotContain("run-1");
    assertThat(finished)
        .allSatisfy(f -> assertThat(f.getMeta().getCausationId()).isEqualTo("event-1"));
    assertThat(finished).extracting(TrainingFinished::getVersion).doesNotHaveDuplicates();
    // Each run's TrainingStarted names the run its outcome closes.
    assertThat(started)
        .extracting(s -> s.getMeta().getRunId())
        .containsExactlyElementsOf(finished.stream().map(f -> f.getMeta().getRunId()).toList());
  }

  @Test
  void shouldRedoTheSameRunsWhenAPushOfSeveralModelDirectoriesIsDeliveredAgain() throws Exception {
    CommitPushed push = pushOfTwoModelDirectories(null);

    List<ProducerRecord<String, SpecificRecord>> first = handle(push);
    List<ProducerRecord<String, SpecificRecord>> again = handle(push);

    assertThat(again).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      TrainingFinished a = (TrainingFinished) first.get(i).value();
      TrainingFinished b = (TrainingFinished) again.get(i).value();
      assertThat(b.getMeta().getRunId()).isEqualTo(a.getMeta().getRunId());
      assertThat(b.getVersion()).isEqualTo(a.getVersion());
      assertThat(b.getArtifact().getSha256()).isEqualTo(a.getArtifact().getSha256());
    }
  }

  @Test
  void shouldFailOnlyTheRunOfTheModelDirectoryWhoseSpecIsInvalid() throws Exception {
    CommitPushed push = pushOfTwoModelDirectories("model: other-recsys\nrecipe: [\n");

    List<ProducerRecord<String, SpecificRecord>> out = handle(push);

    assertThat(out)
        .extracting(ProducerRecord::topic)
        .containsExactly(Topics.TRAINING_FINISHED.name(), Topics.TRAINING_FAILED.name());
    TrainingFailed failed = (TrainingFailed) out.get(1).value();
    assertThat(failed.getPhase()).isEqualTo("spec");
    assertThat(failed.getReason()).contains("examples/other/mlpipe.yaml");
    assertThat(failed.getMeta().getRunId())
        .isNotEqualTo(((TrainingFinished) out.get(0).value()).getMeta().getRunId());
    assertThat(started).hasSize(2);
  }

  @Test
  void shouldCloneARemoteUrlAndTrainTheCommit() throws Exception {
    String sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");

    assertThat(handle(commit(repo.dir().toUri().toString(), sha, "mlpipe.yaml")))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));
  }

  @Test
  void shouldFetchACommitTheCachedCloneDoesNotHaveYet() throws Exception {
    String url = repo.dir().toUri().toString();
    String first = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    assertThat(handle(commit(url, first, "mlpipe.yaml")))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));

    String second =
        repo.commit(
            Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC.replace("epochs: 3", "epochs: 2")),
            "fewer");

    assertThat(handle(commit(url, second, "mlpipe.yaml")))
        .singleElement()
        .satisfies(
            r -> assertThat(((TrainingFinished) r.value()).getCommitSha()).isEqualTo(second));
  }

  @Test
  void shouldTurnAnUnexpectedErrorIntoAFailureAndNotStopTheStage() throws Exception {
    String sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    Clock clock = Clock.systemUTC();
    CommitHandler broken =
        new CommitHandler(
            new ModelRepositories(tmp.resolve("cache"), Optional.empty()),
            new TrainingRun(
                ArtifactStore.at(tmp.resolve("artifacts")), clock, Duration.ofMinutes(5)),
            new TrainingEvents(new EventMetas("trainer@test", clock)),
            started::add,
            new RunObserver() {
              @Override
              public void onData(int trainRows, int holdoutRows, String dataHash) {
                throw new IllegalStateException("boom");
              }
            });
    CommitPushed event = commit(repo.dir().toString(), sha, "mlpipe.yaml");

    TrainingFailed failed =
        onlyFailure(
            broken.handle(
                new InputEvent<>(
                    Topics.COMMIT.name(), 0, 0, "m", event, new RecordHeaders(), Instant.now())));

    assertThat(failed.getPhase()).isEqualTo("training");
    assertThat(failed.getReason()).contains("boom").contains("bug").contains("run-1");
    assertThat(failed.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void shouldFailNamingTheShaWhenTheCommitDoesNotExist() throws Exception {
    repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    String unknown = "0123456789abcdef0123456789abcdef01234567";

    TrainingFailed failed =
        onlyFailure(handle(commit(repo.dir().toString(), unknown, "mlpipe.yaml")));

    assertThat(failed.getPhase()).isEqualTo("spec");
    assertThat(failed.getReason()).contains(unknown).contains("does not exist").contains("pushed");
    assertThat(started).hasSize(1);
  }

  @Test
  void shouldFailWhenTheCommitHasNoSpec() throws Exception {
    String sha = repo.commit(Map.of("README.md", "no spec here"), "no spec");

    TrainingFailed failed = onlyFailure(handle(commit(repo.dir().toString(), sha, "mlpipe.yaml")));

    assertThat(failed.getPhase()).isEqualTo("spec");
    assertThat(failed.getReason())
        .contains("there is no mlpipe.yaml at commit " + sha.substring(0, 10));
  }

  @Test
  void shouldFailWithEveryProblemOfAnInvalidSpec() throws Exception {
    String sha =
        repo.commit(
            Map.of(
                "mlpipe.yaml",
                "model: bad\ndata: {generate: {shape: movielens-100k}}\nrecipe: svd\n"),
            "typo");

    TrainingFailed failed = onlyFailure(handle(commit(repo.dir().toString(), sha, "mlpipe.yaml")));

    assertThat(failed.getPhase()).isEqualTo("spec");
    assertThat(failed.getReason()).contains("recipe").contains("svd");
    assertThat(failed.getModel()).isEqualTo("quick-recsys");
  }

  @Test
  void shouldFailWhenTheRepositoryIsNotThere() throws Exception {
    TrainingFailed failed =
        onlyFailure(
            handle(commit(tmp.resolve("nowhere").toString(), "0123456789abcdef", "mlpipe.yaml")));

    assertThat(failed.getPhase()).isEqualTo("spec");
    assertThat(failed.getReason()).contains("nowhere").contains("not a directory");
  }

  @Test
  void shouldPublishNothingForATombstone() throws Exception {
    assertThat(
            handler.handle(
                new InputEvent<CommitPushed>(
                    Topics.COMMIT.name(), 0, 0, "m", null, new RecordHeaders(), Instant.now())))
        .isEmpty();
  }
}
