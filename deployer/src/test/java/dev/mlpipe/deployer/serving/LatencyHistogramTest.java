package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void shouldGiveTheP95WithinItsBucketWidth() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i * 10L);
    }

    long p95 = LatencyHistogram.quantile(h.snapshot(), 0.95);

    assertThat(p95).isBetween(9_500L, 10_450L);
  }

  @Test
  void shouldBeZeroWithoutRequests() {
    assertThat(LatencyHistogram.quantile(new LatencyHistogram().snapshot(), 0.95)).isZero();
  }

  @Test
  void shouldKeepHugeLatenciesInTheLastBucket() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(Long.MAX_VALUE);

    assertThat(LatencyHistogram.quantile(h.snapshot(), 0.5)).isPositive();
  }
}
