package dev.mlpipe.console.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.schemas.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelBoardTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

  @Test
  void shouldShowTheCanaryAndThePreviousVersionSharingProductionTraffic() {
    RunStory v1 = new RunStory("run-1", "recommender", T0).version("v1");
    RunStory v2 = new RunStory("run-2", "recommender", T0.plusSeconds(600)).version("v2");
    List<PipelineEvent> events = new ArrayList<>(v1.happyPath());
    events.addAll(
        List.of(
            v2.trainingFinished(11, Map.of("rmse", 0.62)),
            v2.validationPassed(13),
            v2.deployed(14, Environment.STAGING, 100),
            v2.deployed(20, Environment.PRODUCTION, 25)));

    ModelBoard board = ModelBoard.fold(events).get(0);

    assertThat(board.model()).isEqualTo("recommender");
    assertThat(board.versions()).extracting(VersionCard::version).containsExactly("v1", "v2");
    assertThat(board.trafficIn(Environment.PRODUCTION))
        .containsOnly(Map.entry("v1", 75), Map.entry("v2", 25));
    assertThat(board.trafficIn(Environment.STAGING)).containsOnly(Map.entry("v2", 100));
    VersionCard first = board.version("v1").orElseThrow();
    assertThat(first.stateIn(Environment.STAGING)).isEqualTo(VersionCard.State.RETIRED);
    assertThat(first.stateIn(Environment.PRODUCTION)).isEqualTo(VersionCard.State.SERVING);
    VersionCard second = board.version("v2").orElseThrow();
    assertThat(second.metrics()).containsEntry("rmse", 0.62);
    assertThat(second.runId()).isEqualTo("run-2");
    assertThat(second.commitSha()).contains(RunStory.SHA);
    assertThat(second.gate()).hasValueSatisfying(g -> assertThat(g.passed()).isTrue());
    assertThat(second.gate().get().report().getChecks()).hasSize(2);
  }

  @Test
  void shouldGiveTheRollbackTargetAllTrafficAndMarkTheVersionRolledBack() {
    RunStory v1 = new RunStory("run-1", "recommender", T0).version("v0");
    RunStory v2 = new RunStory("run-2", "recommender", T0.plusSeconds(600)).version("v1");
    List<PipelineEvent> events = new ArrayList<>(v1.happyPath());
    events.addAll(v2.happyPath());
    events.add(v2.rolledBack(100, "cmd-1", false));

    ModelBoard board = ModelBoard.fold(events).get(0);

    assertThat(board.trafficIn(Environment.PRODUCTION)).containsOnly(Map.entry("v0", 100));
    assertThat(board.version("v1").orElseThrow().stateIn(Environment.PRODUCTION))
        .isEqualTo(VersionCard.State.ROLLED_BACK);
    assertThat(board.version("v0").orElseThrow().stateIn(Environment.PRODUCTION))
        .isEqualTo(VersionCard.State.SERVING);
  }

  @Test
  void shouldOfferApprovalOnlyForAStagedVersionWhoseRunWasNotApprovedYet() {
    RunStory waiting = new RunStory("run-w", "fraud", T0);
    List<PipelineEvent> staged =
        List.of(
            waiting.trainingFinished(10),
            waiting.validationPassed(12),
            waiting.deployed(13, Environment.STAGING, 100));

    assertThat(ModelBoard.fold(staged).get(0).version("v1").orElseThrow().approvable()).isTrue();

    List<PipelineEvent> approved = new ArrayList<>(staged);
    approved.add(waiting.approve(20, "ops@host"));
    assertThat(ModelBoard.fold(approved).get(0).version("v1").orElseThrow().approvable()).isFalse();
  }

  @Test
  void shouldOfferApprovalOnlyForTheRunTheDeployersStateHoldsWaiting() {
    RunStory first = new RunStory("run-a", "fraud", T0).version("v1");
    RunStory queued = new RunStory("run-b", "fraud", T0.plusSeconds(60)).version("v2");
    List<PipelineEvent> events =
        List.of(
            first.trainingFinished(10),
            first.deployed(13, Environment.STAGING, 100),
            queued.trainingFinished(20),
            queued.deployed(23, Environment.STAGING, 100));
    List<ModelBoard> guessed = ModelBoard.fold(events);
    assertThat(guessed.get(0).version("v2").orElseThrow().approvable()).isTrue();

    ModelBoard held =
        ModelBoard.withWaits(
                guessed, Map.of("fraud", Optional.of(new RolloutWaits.Waiting("v1", "run-a"))))
            .get(0);
    assertThat(held.version("v1").orElseThrow().approvable()).isTrue();
    assertThat(held.version("v2").orElseThrow().approvable()).isFalse();

    ModelBoard nothingWaits =
        ModelBoard.withWaits(guessed, Map.of("fraud", Optional.empty())).get(0);
    assertThat(nothingWaits.versions()).noneMatch(VersionCard::approvable);
    assertThat(ModelBoard.withWaits(guessed, Map.of("other", Optional.empty()))).isEqualTo(guessed);
  }

  @Test
  void shouldKeepTheGatesVerdictOfARejectedCandidateWithoutGivingItTraffic() {
    RunStory rejected = new RunStory("run-r", "churn", T0);
    ModelBoard board =
        ModelBoard.fold(List.of(rejected.trainingFinished(10), rejected.validationFailed(12)))
            .get(0);

    VersionCard v = board.versions().get(0);
    assertThat(v.gate()).hasValueSatisfying(g -> assertThat(g.passed()).isFalse());
    assertThat(v.stateIn(Environment.PRODUCTION)).isEqualTo(VersionCard.State.CANDIDATE);
    assertThat(board.trafficIn(Environment.PRODUCTION)).isEmpty();
  }

  @Test
  void shouldListNoModelWhoseEventsNameNoVersion() {
    RunStory story = new RunStory("run-c", "nothing-trained", T0);

    assertThat(ModelBoard.fold(List.of(story.commit(0), story.trainingStarted(1)))).isEmpty();
  }
}
