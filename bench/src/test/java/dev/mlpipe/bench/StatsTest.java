package dev.mlpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void shouldTakeTheNearestRankPercentileSoTheP99OfFiftySamplesIsTheLargest() {
    List<Double> samples = new ArrayList<>();
    for (int i = 50; i >= 1; i--) {
      samples.add((double) i);
    }
    assertThat(Stats.percentile(samples, 99)).isEqualTo(50.0);
    assertThat(Stats.percentile(samples, 50)).isEqualTo(25.0);
    assertThat(Stats.percentile(samples, 100)).isEqualTo(50.0);
    assertThat(Stats.percentile(List.of(7.0), 1)).isEqualTo(7.0);
  }

  @Test
  void shouldRefuseAPercentileOutsideZeroToHundredOrOfNoSamples() {
    assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0))
        .hasMessageContaining("percent must be in (0, 100]");
    assertThatThrownBy(() -> Stats.percentile(List.of(), 50)).hasMessageContaining("no samples");
  }
}
