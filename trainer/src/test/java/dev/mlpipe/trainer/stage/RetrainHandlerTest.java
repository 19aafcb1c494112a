package dev.mlpipe.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.GitFixture;
import dev.mlpipe.trainer.RetrainEvents;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.retrain.FeedbackJoin;
import dev.mlpipe.trainer.retrain.PipelineHistory;
import dev.mlpipe.trainer.retrain.RetrainPolicy;
import dev.mlpipe.trainer.retrain.RetrainTrigger;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.TrainingRun;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrain reaction with a real repository and training, and a history given as events. */
class RetrainHandlerTest {

  private static final String MODEL = "quick-recsys";
  private static final Instant WINDOW_START = Instant.parse("2026-03-01T11:50:00Z");
  private static final Instant WINDOW_END = Instant.parse("2026-03-01T11:55:00Z");

  @TempDir Path tmp;
  private GitFixture repo;
  private String sha;
  private final PipelineHistory history = new PipelineHistory();
  private final List<TrainingStarted> started = new ArrayList<>();
  private FeedbackJoin.Result feedback = FeedbackJoin.join(List.of(), Map.of());
  private RetrainHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitFixture.init(tmp.resolve("repo"));
    sha = repo.commit(Map.of("mlpipe.yaml", GitFixture.QUICK_SPEC), "a model");
    Clock clock = Clock.systemUTC();
    SpecRunner runner =
        new SpecRunner(
            new ModelRepositories(tmp.resolve("cache"), Optional.empty()),
            new TrainingRun(
                ArtifactStore.at(tmp.resolve("artifacts")), clock, Duration.ofMinutes(5)),
            new TrainingEvents(new EventMetas("trainer@test", clock)),
            started::add,
            RunObserver.NONE);
    handler =
        new RetrainHandler(
            () -> history,
            (model, upTo) -> feedback,
            new RetrainPolicy(Duration.ofMinutes(10), clock),
            runner,
            clock);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private void deployCommitRun() {
    history.apply(RetrainEvents.commit(MODEL, repo.dir().toString(), sha, "mlpipe.yaml", "run-1"));
    history.apply(RetrainEvents.finished(MODEL, "v1", sha, "run-1", TrainingTrigger.COMMIT));
    history.apply(
        RetrainEvents.deployed(
            MODEL, "v1", Environment.PRODUCTION, 100, null, Instant.parse("2026-03-01T10:00:00Z")));
  }

  private static RetrainTrigger.Drift drift(String kind) {
    EventMeta cause = RetrainEvents.meta("drift-run-" + kind, null, Instant.now());
    return new RetrainTrigger.Drift(
        cause, MODEL, WINDOW_START, WINDOW_END, kind, "mlpipe.drift-detected-0@" + kind);
  }

  @Test
  void shouldRetrainTheProductionSpecAtItsCommitInANewRunCausedByTheDrift() throws Exception {
    deployCommitRun();
    RetrainTrigger.Drift drift = drift("DATA");

    List<ProducerRecord<String, SpecificRecord>> out = handler.handle(drift);

    assertThat(out)
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.TRAINING_FINISHED.name()));
    TrainingFinished finished = (TrainingFinished) out.get(0).value();
    assertThat(finished.getTrigger()).isEqualTo(TrainingTrigger.DRIFT);
    assertThat(finished.getCommitSha()).isEqualTo(sha);
    assertThat(finished.getMeta().getRunId()).isEqualTo(drift.runId()).isNotEqualTo("run-1");
    assertThat(finished.getMeta().getCausationId()).isEqualTo(drift.eventId());
    assertThat(finished.getVersion()).isNotEqualTo("v1").startsWith(sha.substring(0, 10));
    assertThat(started)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getTrigger()).isEqualTo(TrainingTrigger.DRIFT);
              assertThat(s.getMeta().getRunId()).isEqualTo(drift.runId());
              assertThat(s.getMeta().getCausationId()).isEqualTo(drift.eventId());
            });
  }

  @Test
  void shouldRetrainOnceForDriftOfTwoKindsInOneWindow() throws Exception {
    deployCommitRun();

    List<ProducerRecord<String, SpecificRecord>> first = handler.handle(drift("DATA"));
    List<ProducerRecord<String, SpecificRecord>> second = handler.handle(drift("PREDICTION"));

    assertThat(first).hasSize(1);
    assertThat(second).isEmpty();
    assertThat(started).hasSize(1);
  }

  @Test
  void shouldRetrainTheSpecTheCommitRunFoundThroughThePushsChangedPaths() throws Exception {
    String pushed =
        repo.commit(Map.of("examples/quick/mlpipe.yaml", GitFixture.QUICK_SPEC), "an example");
    history.apply(
        CommitPushed.newBuilder(
                RetrainEvents.commit(MODEL, repo.dir().toString(), pushed, "mlpipe.yaml", "run-2"))
            .setChangedPaths(List.of("examples/quick/mlpipe.yaml"))
            .build());
    history.apply(RetrainEvents.finished(MODEL, "v2", pushed, "run-2", TrainingTrigger.COMMIT));
    history.apply(
        RetrainEvents.deployed(
            MODEL, "v2", Environment.PRODUCTION, 100, null, Instant.parse("2026-03-01T10:00:00Z")));

    List<ProducerRecord<String, SpecificRecord>> out = handler.handle(drift("DATA"));

    assertThat(out)
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isInstanceOf(TrainingFinished.class));
  }

  @Test
  void shouldRetrainItsOwnModelDirectoryOfAPushThatTouchedSeveral() throws Exception {
    try (GitFixture models = GitFixture.init(tmp.resolve("models"))) {
      String pushed =
          models.commit(
              Map.of(
                  "examples/other/mlpipe.yaml",
                  GitFixture.QUICK_SPEC.replace(MODEL, "other-recsys"),
                  "examples/quick/mlpipe.yaml",
                  GitFixture.QUICK_SPEC),
              "two models");
      CommitPushed push =
          CommitPushed.newBuilder(
                  RetrainEvents.commit(
                      "models", models.dir().toString(), pushed, "mlpipe.yaml", "push-run"))
              .setChangedPaths(List.of("examples/other/mlpipe.yaml", "examples/quick/mlpipe.yaml"))
              .build();
      history.apply(push);
      // The push's run of examples/quick: a run id of its own, caused by the commit event.
      TrainingFinished first =
          RetrainEvents.finished(MODEL, "v3", pushed, "quick-run", TrainingTrigger.COMMIT);
      first.getMeta().setCausationId(push.getMeta().getEventId());
      history.apply(first);
      history.apply(
          RetrainEvents.deployed(
              MODEL,
              "v3",
              Environment.PRODUCTION,
              100,
              null,
              Instant.parse("2026-03-01T10:00:00Z")));

      List<ProducerRecord<String, SpecificRecord>> out = handler.handle(drift("DATA"));

      assertThat(out)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo(MODEL);
                assertThat(r.value()).isInstanceOf(TrainingFinished.class);
              });
      assertThat(((TrainingFinished) out.get(0).value()).getCommitSha()).isEqualTo(pushed);
    }
  }

  @Test
  void shouldSkipDriftOfAModelWithNothingDeployed() throws Exception {
    List<ProducerRecord<String, SpecificRecord>> out = handler.handle(drift("DATA"));

    assertThat(out).isEmpty();
    assertThat(started).isEmpty();
  }

  @Test
  void shouldLearnFromLiveFeedbackSoTheRetrainedDataDiffersFromTheSpecs() throws Exception {
    deployCommitRun();
    RetrainTrigger.Command command =
        new RetrainTrigger.Command(
            RetrainEvents.meta("cmd", null, Instant.now()), MODEL, "manual", "alice", "c-0@0");
    TrainingFinished withoutFeedback = (TrainingFinished) handler.handle(command).get(0).value();
    feedback =
        FeedbackJoin.join(
            List.of(
                RetrainEvents.feedback(MODEL, "p-1", 10, 5.0, Instant.now()),
                RetrainEvents.feedback(MODEL, "p-2", 11, 1.0, Instant.now())),
            Map.of("p-1", 1, "p-2", 2));
    RetrainTrigger.Command again =
        new RetrainTrigger.Command(
            RetrainEvents.meta("cmd-2", null, Instant.now()), MODEL, "manual", "alice", "c-0@1");

    TrainingFinished withFeedback = (TrainingFinished) handler.handle(again).get(0).value();

    assertThat(withFeedback.getTrigger()).isEqualTo(TrainingTrigger.RETRAIN_COMMAND);
    assertThat(withFeedback.getDataHash()).isNotEqualTo(withoutFeedback.getDataHash());
    assertThat(withFeedback.getReferenceProfile().getRowCount())
        .isGreaterThan(withoutFeedback.getReferenceProfile().getRowCount());
  }
}
