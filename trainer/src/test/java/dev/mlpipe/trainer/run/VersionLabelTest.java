package dev.mlpipe.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionLabelTest {

  private static final String SHA = "1A2B3C4D5E6F708192a3b4c5d6e7f80912345678";

  @Test
  void shouldGiveTheSameLabelWhenTheSameRunOfACommitIsTrainedAgain() {
    assertThat(VersionLabel.of(SHA, "run-1")).isEqualTo(VersionLabel.of(SHA, "run-1"));
  }

  @Test
  void shouldStartWithTheShortCommitShaInLowerCase() {
    assertThat(VersionLabel.of(SHA, "run-1")).matches("1a2b3c4d5e-[0-9a-f]{8}");
  }

  @Test
  void shouldGiveDistinctLabelsToTwoRunsOfOneCommit() {
    assertThat(VersionLabel.of(SHA, "run-1")).isNotEqualTo(VersionLabel.of(SHA, "run-2"));
  }

  @Test
  void shouldRefuseACommitThatIsNotASha() {
    assertThatThrownBy(() -> VersionLabel.of("main", "run-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'main'");
  }

  @Test
  void shouldLabelALocalRunWithoutACommit() {
    assertThat(VersionLabel.local("run-1")).matches("local-[0-9a-f]{8}");
  }
}
