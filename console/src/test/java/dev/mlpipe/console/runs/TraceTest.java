package dev.mlpipe.console.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.GateCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

  @Test
  void shouldHoldTheEvidenceOfADeploymentFromCommitToEveryRolloutStep() {
    RunStory story = new RunStory("run-1", "recommender", T0);
    List<PipelineEvent> events = new ArrayList<>(story.happyPath());
    events.add(story.approve(15, "alice@laptop"));

    Trace trace = Trace.of(Runs.fold(events).get(0));

    assertThat(trace.commit().orElseThrow().event().getSha()).isEqualTo(RunStory.SHA);
    assertThat(trace.commit().orElseThrow().at()).isEqualTo(T0);
    assertThat(trace.training().orElseThrow().event().getDataHash()).isEqualTo(RunStory.DATA_HASH);
    assertThat(trace.training().orElseThrow().event().getArtifact().getSha256())
        .isEqualTo(RunStory.ARTIFACT);
    Trace.Verdict gate = trace.gate().orElseThrow();
    assertThat(gate.passed()).isTrue();
    assertThat(gate.at()).isEqualTo(story.at(13));
    assertThat(gate.report().getPolicyHash()).isEqualTo(RunStory.POLICY_HASH);
    assertThat(gate.report().getChecks())
        .extracting(GateCheck::getName)
        .containsExactly("rmse_absolute", "ndcg_at_10_vs_champion");
    assertThat(trace.approvals())
        .containsExactly(new Trace.Approval(story.at(15), "alice@laptop", Environment.PRODUCTION));
    assertThat(trace.rollout())
        .extracting(s -> s.event().getEnvironment() + " " + s.event().getTrafficPercent())
        .containsExactly("STAGING 100", "PRODUCTION 5", "PRODUCTION 50", "PRODUCTION 100");
    assertThat(trace.rollbacks()).isEmpty();
    assertThat(trace.deploymentFailures()).isEmpty();
  }

  @Test
  void shouldShowARollbackOfTheRunsVersionAndAFailedStep() {
    RunStory story = new RunStory("run-2", "recommender", T0);
    List<PipelineEvent> events = new ArrayList<>(story.happyPath());
    events.add(story.deploymentFailed(41, Environment.PRODUCTION, "checksum mismatch"));
    events.add(story.rolledBack(50, "run-2", true));

    Trace trace = Trace.of(Runs.fold(events).get(0));

    assertThat(trace.rollbacks()).hasSize(1);
    assertThat(trace.rollbacks().get(0).event().getAutomatic()).isTrue();
    assertThat(trace.rollbacks().get(0).at()).isEqualTo(story.at(50));
    assertThat(trace.deploymentFailures())
        .extracting(f -> f.event().getReason())
        .containsExactly("checksum mismatch");
  }

  @Test
  void shouldShowWhyTrainingFailedAndNoVerdict() {
    RunStory story = new RunStory("run-3", "recommender", T0);

    Trace trace =
        Trace.of(Runs.fold(List.of(story.commit(0), story.trainingFailed(2, "no data"))).get(0));

    assertThat(trace.trainingFailure().orElseThrow().event().getReason()).isEqualTo("no data");
    assertThat(trace.training()).isEmpty();
    assertThat(trace.gate()).isEmpty();
    assertThat(trace.rollout()).isEmpty();
  }
}
