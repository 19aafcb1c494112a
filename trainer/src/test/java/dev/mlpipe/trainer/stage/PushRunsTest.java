package dev.mlpipe.trainer.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingTrigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushRunsTest {

  private static final EventMeta COMMIT =
      EventMeta.newBuilder()
          .setEventId("commit-event")
          .setRunId("commit-run")
          .setCausationId(null)
          .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setProducer("webhook-bridge@test")
          .build();

  @Test
  void shouldTrainASingleSpecInTheCommitEventsOwnRun() {
    assertThat(PushRuns.plan(COMMIT, List.of("examples/fraud/mlpipe.yaml")))
        .containsExactly(
            new PushRuns.PlannedRun(RunCause.commit(COMMIT), "examples/fraud/mlpipe.yaml"));
  }

  @Test
  void shouldStartOneRunPerModelDirectoryEachWithItsOwnRunIdCausedByTheCommit() {
    List<PushRuns.PlannedRun> runs =
        PushRuns.plan(
            COMMIT,
            List.of(
                "examples/fraud/mlpipe.yaml",
                "examples/churn/mlpipe.yaml",
                "examples/taxi/mlpipe.yaml"));

    assertThat(runs)
        .extracting(PushRuns.PlannedRun::specPath)
        .containsExactly(
            "examples/fraud/mlpipe.yaml",
            "examples/churn/mlpipe.yaml",
            "examples/taxi/mlpipe.yaml");
    assertThat(runs).extracting(r -> r.cause().runId()).doesNotHaveDuplicates();
    assertThat(runs).extracting(r -> r.cause().runId()).doesNotContain("commit-run");
    assertThat(runs).allSatisfy(r -> assertThat(r.cause().cause()).isEqualTo(COMMIT));
    assertThat(runs)
        .allSatisfy(r -> assertThat(r.cause().trigger()).isEqualTo(TrainingTrigger.COMMIT));
  }

  @Test
  void shouldPlanTheSameRunIdsWhenTheCommitEventIsDeliveredAgain() {
    List<String> specs = List.of("a/mlpipe.yaml", "b/mlpipe.yaml");

    assertThat(PushRuns.plan(EventMeta.newBuilder(COMMIT).build(), specs))
        .isEqualTo(PushRuns.plan(COMMIT, specs));
  }

  @Test
  void shouldGiveTheSameDirectoryOfAnotherPushAnotherRunId() {
    EventMeta otherPush = EventMeta.newBuilder(COMMIT).setRunId("other-run").build();
    List<String> specs = List.of("a/mlpipe.yaml", "b/mlpipe.yaml");

    assertThat(PushRuns.plan(otherPush, specs).get(0).cause().runId())
        .isNotEqualTo(PushRuns.plan(COMMIT, specs).get(0).cause().runId());
  }

  @Test
  void shouldRefuseAPushWithoutSpecsOrWithRepeatedOnes() {
    assertThatThrownBy(() -> PushRuns.plan(COMMIT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one spec");
    assertThatThrownBy(() -> PushRuns.plan(COMMIT, List.of("a/mlpipe.yaml", "a/mlpipe.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/mlpipe.yaml");
  }
}
