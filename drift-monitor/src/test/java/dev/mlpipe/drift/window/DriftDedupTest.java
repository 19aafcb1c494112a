package dev.mlpipe.drift.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftDedupTest {

  @Test
  void shouldPublishTheFirstVerdictOfAVersionAndKind() {
    assertThat(DriftDedup.shouldPublish(null, 0)).isTrue();
  }

  @Test
  void shouldNotPublishAWindowAgainWhenItIsJudgedASecondTime() {
    assertThat(DriftDedup.shouldPublish(7L, 7)).isFalse();
  }

  @Test
  void shouldNotPublishAnEarlierWindowAfterALaterOne() {
    assertThat(DriftDedup.shouldPublish(7L, 3)).isFalse();
  }

  @Test
  void shouldPublishTheNextWindow() {
    assertThat(DriftDedup.shouldPublish(7L, 8)).isTrue();
  }
}
