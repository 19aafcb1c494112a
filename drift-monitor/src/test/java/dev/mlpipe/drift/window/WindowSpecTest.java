package dev.mlpipe.drift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowSpecTest {

  private final WindowSpec.ByTime minute = new WindowSpec.ByTime(Duration.ofMinutes(1));

  @Test
  void shouldAlignTimeWindowsToTheEpochAndAddPredictionsOfTheSameMinute() {
    WindowBounds open = minute.start(WindowBounds.initial(), 90_000);

    assertThat(open).isEqualTo(new WindowBounds(1, 60_000, 120_000, 1));
    assertThat(minute.place(open, 119_999)).isEqualTo(Placement.ADD);
    assertThat(minute.add(open, 119_999).count()).isEqualTo(2);
  }

  @Test
  void shouldCloseTheOpenTimeWindowWhenAPredictionOfALaterOneArrives() {
    WindowBounds open = minute.start(WindowBounds.initial(), 90_000);

    assertThat(minute.place(open, 120_000)).isEqualTo(Placement.CLOSE_AND_START);
    assertThat(minute.start(open, 300_000).index()).isEqualTo(5);
  }

  @Test
  void shouldBeDueWhenStreamTimeReachesTheEndAndNotBefore() {
    WindowBounds open = minute.start(WindowBounds.initial(), 90_000);

    assertThat(minute.isDue(open, 119_999)).isFalse();
    assertThat(minute.isDue(open, 120_000)).isTrue();
    assertThat(minute.isDue(minute.closed(open), 1_000_000)).isFalse();
  }

  @Test
  void shouldDropAPredictionForATimeWindowAlreadyClosedSoRedeliveryCannotReopenIt() {
    WindowBounds closed = minute.closed(minute.start(WindowBounds.initial(), 90_000));

    assertThat(minute.place(closed, 90_000)).isEqualTo(Placement.LATE);
    assertThat(minute.place(closed, 120_000)).isEqualTo(Placement.START);
  }

  @Test
  void shouldCutCountWindowsAfterSizePredictionsAndNumberThemOnward() {
    WindowSpec.ByCount three = new WindowSpec.ByCount(3);
    WindowBounds open = three.start(WindowBounds.initial(), 500);
    open = three.add(open, 400);
    assertThat(three.isDue(open, 0)).isFalse();
    open = three.add(open, 700);

    assertThat(three.isDue(open, 0)).isTrue();
    assertThat(open).isEqualTo(new WindowBounds(0, 400, 700, 3));
    WindowBounds next = three.closed(open);
    assertThat(three.place(next, 10)).isEqualTo(Placement.START);
    assertThat(three.start(next, 10).index()).isEqualTo(1);
  }

  @Test
  void shouldRefuseANonPositiveSize() {
    assertThatThrownBy(() -> new WindowSpec.ByCount(0)).hasMessageContaining("at least 1, was 0");
    assertThatThrownBy(() -> new WindowSpec.ByTime(Duration.ZERO))
        .hasMessageContaining("at least 1 ms");
  }
}
