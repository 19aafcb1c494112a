package dev.mlpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaToolsTest {

  @Test
  void shouldReadTheTotalLineOfProducerPerformanceNotTheInterimOne() {
    String out =
        """
        694081 records sent, 135854.6 records/sec (42.76 MB/sec), 602.2 ms avg latency, 1054.0 ms max latency.
        1000000 records sent, 142186.833499 records/sec (44.75 MB/sec), 649.06 ms avg latency, 1070.00 ms max latency, 668 ms 50th, 928 ms 95th, 1034 ms 99th, 1054 ms 99.9th.
        """;

    KafkaTools.ProducerReport report = KafkaTools.parseProducerOutput(out);

    assertThat(report.records()).isEqualTo(1_000_000);
    assertThat(report.recordsPerSec()).isEqualTo(142186.833499);
    assertThat(report.mbPerSec()).isEqualTo(44.75);
  }

  @Test
  void shouldIgnoreTheSteadyStateTotalOfProducerPerformance() {
    String out =
        """
        1000 steady state records sent, 9.000000 records/sec (0.01 MB/sec), 1.00 ms avg latency, 2.00 ms max latency, 1 ms 50th, 1 ms 95th, 1 ms 99th, 1 ms 99.9th.
        2000 records sent, 20.500000 records/sec (0.02 MB/sec), 1.00 ms avg latency, 2.00 ms max latency, 1 ms 50th, 1 ms 95th, 1 ms 99th, 1 ms 99.9th.
        """;

    assertThat(KafkaTools.parseProducerOutput(out).recordsPerSec()).isEqualTo(20.5);
  }

  @Test
  void shouldFailWithTheOutputWhenProducerPerformancePrintedNoTotal() {
    assertThatThrownBy(() -> KafkaTools.parseProducerOutput("Exception: topic unknown"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no total line")
        .hasMessageContaining("Exception: topic unknown");
  }

  @Test
  void shouldReadConsumerPerformanceColumnsByHeaderName() {
    String out =
        """
        start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        2026-11-23 10:32:41:977, 2026-11-23 10:32:43:038, 314.7125, 296.6188, 1000000, 942507.0688, 20, 1041, 302.3175, 960614.7935
        """;

    KafkaTools.ConsumerReport report = KafkaTools.parseConsumerOutput(out);

    assertThat(report.records()).isEqualTo(1_000_000);
    assertThat(report.recordsPerSec()).isEqualTo(942507.0688);
    assertThat(report.fetchRecordsPerSec()).isEqualTo(960614.7935);
  }

  @Test
  void shouldFailWhenConsumerPerformancePrintedNoResultTable() {
    assertThatThrownBy(
            () ->
                KafkaTools.parseConsumerOutput(
                    "WARNING: Exiting before consuming the expected number of records"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no result table");
  }

  @Test
  void shouldReadTheAverageAndPercentilesOfEndToEndLatency() {
    String out =
        """
        0\t1.2
        Avg latency: 1.8423 ms
        Percentiles: 50th = 1, 99th = 9, 99.9th = 21
        """;

    KafkaTools.LatencyReport report = KafkaTools.parseLatencyOutput(out);

    assertThat(report.averageMs()).isEqualTo(1.8423);
    assertThat(report.p50Ms()).isEqualTo(1);
    assertThat(report.p99Ms()).isEqualTo(9);
    assertThat(report.p999Ms()).isEqualTo(21);
  }

  @Test
  void shouldFailWithTheOutputWhenEndToEndLatencyPrintedNoPercentiles() {
    assertThatThrownBy(() -> KafkaTools.parseLatencyOutput("Topic does not exist"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Topic does not exist");
  }
}
