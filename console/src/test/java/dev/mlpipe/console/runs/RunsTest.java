package dev.mlpipe.console.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.schemas.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

  @Test
  void shouldFoldTheHappyPathIntoOneRunWithEveryStageSucceeded() {
    RunStory story = new RunStory("run-1", "recommender", T0);
    List<PipelineEvent> events = new ArrayList<>(story.happyPath());
    Collections.reverse(events);

    List<Run> runs = Runs.fold(events);

    assertThat(runs).hasSize(1);
    Run run = runs.get(0);
    assertThat(run.runId()).isEqualTo("run-1");
    assertThat(run.model()).isEqualTo("recommender");
    assertThat(run.trigger()).isEqualTo("commit 1a2b3c4d5e");
    assertThat(run.version()).contains("v1");
    assertThat(run.status()).isEqualTo("in production");
    assertThat(run.isFinished()).isTrue();
    assertThat(run.elapsed()).isEqualTo(Duration.ofSeconds(40));
    assertThat(run.stages())
        .extracting(StageResult::stage, StageResult::outcome, StageResult::duration)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                StageName.TRAINING,
                Outcome.SUCCEEDED,
                java.util.Optional.of(Duration.ofSeconds(10))),
            org.assertj.core.groups.Tuple.tuple(
                StageName.VALIDATION,
                Outcome.SUCCEEDED,
                java.util.Optional.of(Duration.ofSeconds(2))),
            org.assertj.core.groups.Tuple.tuple(
                StageName.STAGING, Outcome.SUCCEEDED, java.util.Optional.of(Duration.ofSeconds(1))),
            org.assertj.core.groups.Tuple.tuple(
                StageName.PRODUCTION,
                Outcome.SUCCEEDED,
                java.util.Optional.of(Duration.ofSeconds(26))));
    assertThat(run.stage(StageName.PRODUCTION).orElseThrow().detail())
        .isEqualTo("CANARY 5% > 50% > 100%");
    assertThat(run.timeline()).extracting(PipelineEvent::type).first().isEqualTo("CommitPushed");
  }

  @Test
  void shouldShowTheStageARunIsInWhileItRuns() {
    RunStory story = new RunStory("run-2", "recommender", T0);

    Run training = Runs.fold(List.of(story.commit(0), story.trainingStarted(1))).get(0);
    Run waitingForTrainer = Runs.fold(List.of(story.commit(0))).get(0);
    Run canary =
        Runs.fold(
                List.of(
                    story.commit(0),
                    story.trainingFinished(5),
                    story.validationPassed(6),
                    story.deployed(7, Environment.PRODUCTION, 10)))
            .get(0);

    assertThat(training.status()).isEqualTo("training running");
    assertThat(training.isFinished()).isFalse();
    assertThat(waitingForTrainer.stage(StageName.TRAINING).orElseThrow().detail())
        .isEqualTo("waiting for the trainer");
    assertThat(canary.stage(StageName.STAGING)).isEmpty();
    assertThat(canary.stage(StageName.PRODUCTION).orElseThrow().outcome())
        .isEqualTo(Outcome.RUNNING);
    assertThat(canary.stage(StageName.PRODUCTION).orElseThrow().detail()).isEqualTo("CANARY 10%");
  }

  @Test
  void shouldStopAtTheStageThatFailedWithItsReason() {
    RunStory story = new RunStory("run-3", "recommender", T0);

    Run trainingFailed =
        Runs.fold(
                List.of(
                    story.commit(0),
                    story.trainingStarted(1),
                    story.trainingFailed(3, "ratings.csv is missing\nsee the trainer log")))
            .get(0);
    Run rejected =
        Runs.fold(List.of(story.commit(0), story.trainingFinished(5), story.validationFailed(6)))
            .get(0);

    assertThat(trainingFailed.status()).isEqualTo("training failed");
    assertThat(trainingFailed.stages()).hasSize(1);
    assertThat(trainingFailed.stage(StageName.TRAINING).orElseThrow().detail())
        .isEqualTo("data: ratings.csv is missing");
    assertThat(rejected.status()).isEqualTo("validation failed");
    assertThat(rejected.stage(StageName.VALIDATION).orElseThrow().detail())
        .isEqualTo("1/2 checks passed; failed: rmse_absolute");
    assertThat(rejected.stage(StageName.STAGING)).isEmpty();
  }

  @Test
  void shouldMarkProductionRolledBackWhenAManualRollbackOfItsVersionComesInAnotherRun() {
    RunStory story = new RunStory("run-4", "recommender", T0);
    List<PipelineEvent> events = new ArrayList<>(story.happyPath());
    events.add(story.rolledBack(100, "rollback-run", false));

    List<Run> runs = Runs.fold(events);

    assertThat(runs).extracting(Run::runId).containsExactly("run-4");
    Run run = runs.get(0);
    assertThat(run.status()).isEqualTo("rolled back from production");
    assertThat(run.stage(StageName.PRODUCTION).orElseThrow().detail())
        .isEqualTo("rolled back to v0 (manual, by ops@host): canary rmse 0.91 above 0.80");
    assertThat(run.lastEvent()).isEqualTo(story.at(100));
  }

  @Test
  void shouldAttachAnApprovalToTheRunItNamesAndShowWhoApproved() {
    RunStory story = new RunStory("run-5", "recommender", T0);
    List<PipelineEvent> events =
        List.of(
            story.commit(0),
            story.trainingFinished(5),
            story.validationPassed(6),
            story.deployed(7, Environment.STAGING, 100),
            story.approve(60, "alice@laptop"),
            story.deployed(61, Environment.PRODUCTION, 100));

    List<Run> runs = Runs.fold(events);

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).stage(StageName.PRODUCTION).orElseThrow().detail())
        .isEqualTo("CANARY 100%, approved by alice@laptop");
    assertThat(runs.get(0).stage(StageName.PRODUCTION).orElseThrow().duration())
        .contains(Duration.ofSeconds(54));
  }

  @Test
  void shouldWaitForTheDeployerInStagingOnceValidated() {
    RunStory story = new RunStory("run-7", "recommender", T0);

    Run run =
        Runs.fold(List.of(story.commit(0), story.trainingFinished(5), story.validationPassed(6)))
            .get(0);

    assertThat(run.status()).isEqualTo("staging running");
    assertThat(run.stage(StageName.STAGING).orElseThrow().detail())
        .isEqualTo("waiting for the deployer");
    assertThat(run.stage(StageName.STAGING).orElseThrow().start()).isEqualTo(story.at(6));
  }

  @Test
  void shouldWaitInProductionForApprovalOnceStagingIsDone() {
    RunStory story = new RunStory("run-6", "recommender", T0);

    Run run =
        Runs.fold(
                List.of(
                    story.commit(0),
                    story.trainingFinished(5),
                    story.validationPassed(6),
                    story.deployed(7, Environment.STAGING, 100)))
            .get(0);

    assertThat(run.status()).isEqualTo("in staging");
    assertThat(run.isFinished()).isFalse();
  }

  @Test
  void shouldKeepRunsApartCountDuplicatesOnceAndLeaveServingTrafficOut() {
    RunStory first = new RunStory("run-a", "recommender", T0);
    RunStory second = new RunStory("run-b", "fraud", T0.plusSeconds(5));
    PipelineEvent commit = first.commit(0);
    List<PipelineEvent> events =
        List.of(commit, commit, second.commit(0), first.trainingStarted(1), second.prediction(2));

    List<Run> runs = Runs.fold(events);

    assertThat(runs).extracting(Run::runId).containsExactly("run-a", "run-b");
    assertThat(runs.get(0).timeline()).hasSize(2);
    assertThat(runs.get(1).timeline())
        .extracting(PipelineEvent::type)
        .containsExactly("CommitPushed");
  }

  @Test
  void shouldStartARunFromADriftAlarm() {
    RunStory story = new RunStory("run-d", "recommender", T0);

    Run run = Runs.fold(List.of(story.drift(0), story.trainingStarted(1))).get(0);

    assertThat(run.trigger()).isEqualTo("drift data");
  }

  @Test
  void shouldFindARunByItsIdOrAUniquePrefix() {
    List<Run> runs =
        Runs.fold(
            List.of(
                new RunStory("7f3a1111", "m", T0).commit(0),
                new RunStory("7f3a2222", "m", T0).commit(1),
                new RunStory("7f3a", "m", T0).commit(2)));

    assertThat(Runs.matching(runs, "7f3a")).extracting(Run::runId).containsExactly("7f3a");
    assertThat(Runs.matching(runs, "7f3a2")).extracting(Run::runId).containsExactly("7f3a2222");
    assertThat(Runs.matching(runs, "7f3a1")).hasSize(1);
    assertThat(Runs.matching(runs, "9")).isEmpty();
    assertThat(Runs.matching(runs, "")).isEmpty();
  }

  @Test
  void shouldReadAStageEndBeforeItsStartAsTheStartWhenClocksDisagree() {
    RunStory story = new RunStory("run-skew", "recommender", T0);

    Run run =
        Runs.fold(List.of(story.commit(10), story.trainingStarted(10), story.trainingFinished(8)))
            .get(0);

    assertThat(run.stage(StageName.TRAINING).orElseThrow().duration()).contains(Duration.ZERO);
  }

  @Test
  void shouldRefuseAStageThatEndsBeforeItStarts() {
    assertThatThrownBy(
            () ->
                new StageResult(
                    StageName.TRAINING,
                    T0,
                    java.util.Optional.of(T0.minusSeconds(1)),
                    Outcome.SUCCEEDED,
                    ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training: end");
  }
}
