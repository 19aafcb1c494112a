package dev.mlpipe.console.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunFormatTest {

  @Test
  void shouldWriteDurationsWithTheTwoUnitsThatMatter() {
    assertThat(RunFormat.duration(Duration.ofMillis(440))).isEqualTo("0.4s");
    assertThat(RunFormat.duration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(RunFormat.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
    assertThat(RunFormat.duration(Duration.ofMinutes(123))).isEqualTo("2h 03m");
    assertThat(RunFormat.duration(Duration.ofHours(98))).isEqualTo("4d 02h");
    assertThat(RunFormat.duration(Optional.empty())).isEqualTo("-");
  }

  @Test
  void shouldWriteSharesAsWholePercentages() {
    assertThat(RunFormat.percent(Optional.of(2.0 / 3))).isEqualTo("67%");
    assertThat(RunFormat.percent(Optional.empty())).isEqualTo("-");
  }
}
