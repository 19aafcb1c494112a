package dev.mlpipe.console.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.Dora;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.schemas.Environment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunTextTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");
  private final RunText text = new RunText(ZoneOffset.UTC);

  @Test
  void shouldShowOneAlignedRowPerRunWithEachStagesOutcomeAndDuration() {
    List<PipelineEvent> events = new ArrayList<>();
    events.addAll(new RunStory("7f3a1b2c-0000", "recommender", T0).happyPath());
    RunStory failed = new RunStory("9c0d1e2f-0000", "fraud", T0.plusSeconds(60));
    events.add(failed.commit(0));
    events.add(failed.trainingFinished(5));
    events.add(failed.validationFailed(7));

    List<String> lines = text.runs(Runs.fold(events)).lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("RUN       MODEL        TRIGGER");
    assertThat(lines.get(1))
        .startsWith("7f3a1b2c  recommender  commit 1a2b3c4d5e  2026-11-16 10:00:00  ok 10s")
        .contains("ok 26s")
        .endsWith("in production");
    assertThat(lines.get(2)).contains("FAILED 2.0s").endsWith("validation failed");
    assertThat(lines.get(1).indexOf("TOOK") < 0).isTrue();
    assertThat(lines.get(0).indexOf("STATUS")).isEqualTo(lines.get(1).indexOf("in production"));
  }

  @Test
  void shouldTraceADeploymentWithFullHashesEveryCheckAndEveryStep() {
    RunStory story = new RunStory("run-1", "recommender", T0);
    List<PipelineEvent> events = new ArrayList<>(story.happyPath());
    events.add(story.approve(15, "alice@laptop"));
    events.add(story.rolledBack(100, "run-1", true));
    Run run = Runs.fold(events).get(0);

    String trace = text.trace(Trace.of(run));

    assertThat(trace)
        .contains("run run-1 of recommender: rolled back from production")
        .contains("commit    2026-11-16 10:00:00  " + RunStory.SHA + " on main")
        .contains("data      sha256 " + RunStory.DATA_HASH)
        .contains("artifact  sha256 " + RunStory.ARTIFACT)
        .contains("gate      2026-11-16 10:00:13  PASSED version v1, against champion v0")
        .contains("policy    sha256 " + RunStory.POLICY_HASH)
        .contains("[ok]   rmse_absolute (CRITICAL): rmse 0.6700 <= 0.9000 - 0.67 <= 0.9")
        .contains("approval  2026-11-16 10:00:15  PRODUCTION by alice@laptop")
        .contains("rollout   2026-11-16 10:00:20  PRODUCTION CANARY       5%")
        .contains("rollback  2026-11-16 10:01:40  PRODUCTION v1 -> v0 (automatic)")
        .contains("production  rolled back");
  }

  @Test
  void shouldShowDeliveryFiguresPerWeekAndTheTotalPerModel() {
    List<PipelineEvent> events = new ArrayList<>();
    events.addAll(new RunStory("a", "recommender", T0).happyPath());
    RunStory rolled = new RunStory("b", "recommender", T0.plusSeconds(7 * 86_400)).version("v2");
    events.addAll(
        List.of(
            rolled.commit(0),
            rolled.trainingFinished(10),
            rolled.validationPassed(20),
            rolled.deployed(30, Environment.PRODUCTION, 100),
            rolled.rolledBack(90, "b", true)));
    List<Run> runs = Runs.fold(events);

    List<String> lines =
        text.dora(
                Dora.weekly(runs, Optional.empty(), Instant.EPOCH),
                Dora.overall(runs, Optional.empty(), Instant.EPOCH))
            .lines()
            .toList();

    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("recommender  2026-W47  1        40s").contains("0% (0/1)");
    assertThat(lines.get(2))
        .startsWith("recommender  2026-W48  1        30s")
        .contains("100% (1/1)");
    assertThat(lines.get(2)).endsWith("1m 00s (1)");
    assertThat(lines.get(3))
        .startsWith("recommender  all       2        35s")
        .contains("50% (1/2)");
  }
}
