package dev.mlpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BenchResultTest {

  private static final RunInfo RUN =
      new RunInfo(Instant.parse("2026-11-23T10:00:00Z"), 2, "JDK 17", "Linux", 1.0, "full");

  @Test
  void shouldTakeTheMedianOfPairedRatiosSoLoadDriftBetweenRunsCancels() {
    // Run 2 was slow for both paths; the paired ratios are 0.9, 0.9, 0.5.
    BenchResult r =
        BenchResult.compared(
            "publish",
            "publish",
            "records/s",
            List.of(90.0, 45.0, 50.0),
            BenchResult.Baseline.of("tool", List.of(100.0, 50.0, 100.0)),
            0.80,
            BenchResult.Direction.HIGHER_IS_BETTER,
            List.of(),
            RUN);

    assertThat(r.value()).isEqualTo(50.0);
    assertThat(r.ratio()).hasValue(0.9);
    assertThat(r.met()).hasValue(true);
  }

  @Test
  void shouldJudgeALowerIsBetterGoalAgainstAMaximumRatio() {
    BenchResult r =
        BenchResult.compared(
            "latency",
            "p99 latency",
            "ms",
            List.of(12.0),
            BenchResult.Baseline.of("tool", List.of(10.0)),
            1.10,
            BenchResult.Direction.LOWER_IS_BETTER,
            List.of(),
            RUN);

    assertThat(r.ratio()).hasValue(1.2);
    assertThat(r.met()).hasValue(false);
  }

  @Test
  void shouldHaveNoRatioOrVerdictWithoutABaseline() {
    BenchResult r =
        new BenchResult(
            "decode-ns",
            "decode",
            1000,
            "ns/record",
            List.of(1000.0),
            Optional.empty(),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            List.of(),
            RUN);

    assertThat(r.ratio()).isEmpty();
    assertThat(r.met()).isEmpty();
  }

  @Test
  void shouldRefuseAGoalWithoutABaseline() {
    assertThatThrownBy(
            () ->
                new BenchResult(
                    "x",
                    "x",
                    1,
                    "records/s",
                    List.of(1.0),
                    Optional.empty(),
                    OptionalDouble.of(0.8),
                    BenchResult.Direction.HIGHER_IS_BETTER,
                    List.of(),
                    RUN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give the baseline too");
  }
}
