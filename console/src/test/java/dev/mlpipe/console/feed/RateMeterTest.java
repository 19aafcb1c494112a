package dev.mlpipe.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  void shouldCountEventsOfTheLastMinutePerSecond() {
    RateMeter meter = new RateMeter();
    for (int i = 0; i < 120; i++) {
      meter.record("mlpipe.commit", NOW - 59_000 + i * 500L);
    }

    assertThat(meter.perSecond("mlpipe.commit", NOW)).isEqualTo(2.0);
    assertThat(meter.perSecond("mlpipe.feedback", NOW)).isZero();
  }

  @Test
  void shouldNotCountABacklogOfOldRecordsAsABurst() {
    RateMeter meter = new RateMeter();
    for (int i = 0; i < 1000; i++) {
      meter.record("mlpipe.commit", NOW - 3_600_000L + i);
    }
    meter.record("mlpipe.commit", NOW);

    assertThat(meter.perSecond("mlpipe.commit", NOW)).isEqualTo(1.0 / 60);
  }

  @Test
  void shouldForgetWhatIsOlderThanTheWindow() {
    RateMeter meter = new RateMeter();
    meter.record("mlpipe.commit", NOW);

    assertThat(meter.perSecond("mlpipe.commit", NOW + 61_000)).isZero();
  }
}
