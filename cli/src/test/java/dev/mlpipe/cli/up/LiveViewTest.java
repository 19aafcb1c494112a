package dev.mlpipe.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.RunStory;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void shouldPrintARunHeaderOnlyWhenTheRunChanges() {
    RunStory one = new RunStory("aaaaaaaa-1111", "movielens-recsys", T0);
    RunStory two = new RunStory("bbbbbbbb-2222", "movielens-recsys", T0);
    LiveView view = new LiveView(ZoneOffset.UTC);

    String first = view.format(one.commit(0).value());
    String second = view.format(one.trainingStarted(1).value());
    String other = view.format(two.commit(2).value());
    String back = view.format(one.trainingFinished(3).value());

    assertThat(first.lines().toList())
        .containsExactly(
            "  run aaaaaaaa  movielens-recsys",
            "    10:00:00.000  CommitPushed      sha=1a2b3c4d5e branch=main \"Tune the learning"
                + " rate\"");
    assertThat(second.lines().toList())
        .containsExactly("    10:00:01.000  TrainingStarted   trigger=COMMIT sha=1a2b3c4d5e");
    assertThat(other).startsWith("  run bbbbbbbb  movielens-recsys");
    assertThat(back.lines().toList()).hasSize(2);
    assertThat(back).contains("TrainingFinished  version=v1 recipe=sgd-mf rmse=0.6700");
  }
}
