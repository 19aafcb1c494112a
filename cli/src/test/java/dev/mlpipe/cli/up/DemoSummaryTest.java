package dev.mlpipe.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private final RunStory first = new RunStory("11111111-first", "movielens-recsys", T0);
  private final RunStory alarm =
      new RunStory("22222222-alarm", "movielens-recsys", T0.plusSeconds(60));
  private final RunStory retrain =
      new RunStory("33333333-retrain", "movielens-recsys", T0.plusSeconds(62)).version("v2");
  private final RunStory worse =
      new RunStory("44444444-worse", "movielens-recsys", T0.plusSeconds(120)).version("v3");

  private List<PipelineEvent> demoEvents() {
    List<PipelineEvent> events = new ArrayList<>(first.happyPath());
    events.add(alarm.drift(0));
    TrainingStarted onDrift =
        TrainingStarted.newBuilder((TrainingStarted) retrain.trainingStarted(0).value())
            .setTrigger(TrainingTrigger.DRIFT)
            .build();
    events.add(PipelineEvent.of(Topics.TRAINING_STARTED.name(), onDrift));
    events.add(retrain.trainingFinished(8));
    events.add(retrain.validationPassed(9));
    events.add(retrain.deployed(10, Environment.STAGING, 100));
    events.add(retrain.deployed(12, Environment.PRODUCTION, 5));
    events.add(retrain.deployed(20, Environment.PRODUCTION, 100));
    events.add(worse.commit(0));
    events.add(worse.trainingStarted(1));
    events.add(worse.trainingFinished(3));
    events.add(worse.validationFailed(4));
    return events;
  }

  @Test
  void shouldGiveOneRowPerRunWithItsTriggerStageDurationsVersionMetricsAndOutcome() {
    List<DemoSummary.Row> rows = DemoSummary.rows(Runs.fold(demoEvents()));

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).cells())
        .containsExactly(
            "11111111",
            "commit 1a2b3c4d5e",
            "10s",
            "2.0s",
            "1.0s",
            "26s",
            "v1",
            "0.6700",
            "-",
            "was in production, replaced by v2");
    assertThat(rows.get(1).cells().get(1)).isEqualTo("drift");
    assertThat(rows.get(1).cells().get(6)).isEqualTo("v2");
    assertThat(rows.get(1).cells().get(9)).isEqualTo("in production");
    assertThat(rows.get(2).cells().get(5)).isEqualTo("-");
    assertThat(rows.get(2).cells().get(9)).isEqualTo("rejected by the gate: rmse_absolute");
  }

  @Test
  void shouldCountDriftAlarmsByKindUnderTheTableInsteadOfGivingThemRows() {
    String table = DemoSummary.format(Runs.fold(demoEvents()));

    assertThat(table.lines().toList()).hasSize(5);
    assertThat(table.lines().findFirst().orElseThrow())
        .startsWith("RUN       TRIGGER            TRAIN  GATE  STAGING  PRODUCTION  VERSION");
    assertThat(table).endsWith("drift alarms: data x1\n");
    assertThat(DemoSummary.driftAlarms(Runs.fold(demoEvents()))).containsEntry("data", 1);
  }

  @Test
  void shouldNameEachRunsModelAndItsKindsKeyMetricsWhenSeveralModelsRan() {
    RunStory fraud = new RunStory("55555555-fraud", "fraud-detection", T0.plusSeconds(1));
    List<PipelineEvent> events = new ArrayList<>(first.happyPath());
    events.add(fraud.commit(0));
    events.add(fraud.trainingStarted(1));
    events.add(fraud.trainingFinished(9, Map.of("roc_auc", 0.97, "pr_auc", 0.61, "f1", 0.5)));
    events.add(fraud.validationPassed(10));
    events.add(fraud.deployed(11, Environment.STAGING, 100));
    events.add(fraud.deployed(12, Environment.PRODUCTION, 100));

    String table = DemoSummary.format(Runs.fold(events));

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0))
        .startsWith("RUN       MODEL             TRIGGER")
        .contains("VERSION  METRICS")
        .endsWith("OUTCOME");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("11111111  movielens-recsys") && l.contains("rmse 0.6700"))
        .anyMatch(
            l ->
                l.startsWith("55555555  fraud-detection")
                    && l.contains("roc_auc 0.9700, pr_auc 0.6100")
                    && l.endsWith("in production"));
  }

  @Test
  void shouldPrintOnlyTheHeaderWhenNoRunReachedAStage() {
    String table = DemoSummary.format(Runs.fold(List.of(alarm.drift(0))));

    assertThat(table.lines().toList())
        .containsExactly(
            "RUN  TRIGGER  TRAIN  GATE  STAGING  PRODUCTION  VERSION  RMSE  NDCG@10  OUTCOME",
            "drift alarms: data x1");
  }
}
