package dev.mlpipe.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.cluster.GroupView;
import dev.mlpipe.console.feed.EventStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void shouldExposeRatesTotalsAndEachGroupsLagPerPartition() {
    GroupView trainer =
        new GroupView(
            "mlpipe-trainer",
            "Stable",
            List.of(new GroupView.Member("trainer-1", "/127.0.0.1", List.of("mlpipe.commit-0"))),
            List.of(new GroupView.PartitionLag("mlpipe.commit", 0, 7, 10)));

    String text =
        PrometheusText.render(
            List.of(new EventStore.TopicRate("mlpipe.commit", 0.25)),
            Map.of("mlpipe.commit", 42L),
            Optional.of(List.of(trainer)));

    assertThat(text)
        .contains("# TYPE mlpipe_topic_events_per_second gauge")
        .contains("mlpipe_topic_events_per_second{topic=\"mlpipe.commit\"} 0.250000")
        .contains("mlpipe_console_records_read_total{topic=\"mlpipe.commit\"} 42")
        .contains("mlpipe_kafka_up 1")
        .contains(
            "mlpipe_consumer_group_lag{group=\"mlpipe-trainer\",partition=\"0\","
                + "topic=\"mlpipe.commit\"} 3")
        .contains("mlpipe_consumer_group_members{group=\"mlpipe-trainer\",state=\"Stable\"} 1");
  }

  @Test
  void shouldSayKafkaIsDownAndStillExposeTheRates() {
    String text =
        PrometheusText.render(
            List.of(new EventStore.TopicRate("mlpipe.commit", 0)), Map.of(), Optional.empty());

    assertThat(text)
        .contains("mlpipe_kafka_up 0")
        .contains("mlpipe_topic_events_per_second{topic=\"mlpipe.commit\"} 0")
        .doesNotContain("mlpipe_consumer_group_lag");
  }

  @Test
  void shouldEscapeQuotesAndBackslashesInLabelValues() {
    GroupView odd =
        new GroupView(
            "a\"b\\c",
            "Empty",
            List.of(),
            List.of(new GroupView.PartitionLag("mlpipe.commit", 1, 0, 0)));

    String text = PrometheusText.render(List.of(), Map.of(), Optional.of(List.of(odd)));

    assertThat(text).contains("group=\"a\\\"b\\\\c\"");
  }
}
