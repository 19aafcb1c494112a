package dev.mlpipe.console.web;

import dev.mlpipe.console.cluster.GroupView;
import dev.mlpipe.console.feed.EventStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's figures in Prometheus' text exposition format (version 0.0.4): events per second
 * and records read per topic, and each consumer group's lag per partition, so a Prometheus next to
 * the pipeline scrapes {@code /metrics} without another exporter.
 */
final class PrometheusText {

  /** The content type Prometheus expects for this format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /**
   * @param rates events per second per topic over the last minute
   * @param totals records read per topic since the console started
   * @param groups every consumer group with its lag; empty when Kafka did not answer
   */
  static String render(
      List<EventStore.TopicRate> rates,
      Map<String, Long> totals,
      Optional<List<GroupView>> groups) {
    StringBuilder b = new StringBuilder(4096);
    help(
        b,
        "mlpipe_topic_events_per_second",
        "gauge",
        "Events per second of a topic over the last minute, by the records' timestamps.");
    for (EventStore.TopicRate r : rates) {
      sample(b, "mlpipe_topic_events_per_second", Map.of("topic", r.topic()), r.perSecond());
    }
    help(
        b,
        "mlpipe_console_records_read_total",
        "counter",
        "Records the console's feed read from a topic since it started.");
    new TreeMap<>(totals)
        .forEach(
            (topic, n) ->
                sample(b, "mlpipe_console_records_read_total", Map.of("topic", topic), n));
    help(b, "mlpipe_kafka_up", "gauge", "1 when Kafka answered the console's last question.");
    sample(b, "mlpipe_kafka_up", Map.of(), groups.isPresent() ? 1 : 0);
    if (groups.isPresent()) {
      help(
          b,
          "mlpipe_consumer_group_lag",
          "gauge",
          "Records of a partition a consumer group has not committed yet (end offset - committed).");
      for (GroupView g : groups.get()) {
        for (GroupView.PartitionLag p : g.partitions()) {
          sample(
              b,
              "mlpipe_consumer_group_lag",
              Map.of(
                  "group",
                  g.groupId(),
                  "topic",
                  p.topic(),
                  "partition",
                  String.valueOf(p.partition())),
              p.lag());
        }
      }
      help(
          b,
          "mlpipe_consumer_group_members",
          "gauge",
          "Members of a consumer group (0 when no instance of the stage runs).");
      for (GroupView g : groups.get()) {
        sample(
            b,
            "mlpipe_consumer_group_members",
            Map.of("group", g.groupId(), "state", g.state()),
            g.members().size());
      }
    }
    return b.toString();
  }

  private static void help(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder b, String name, Map<String, String> labels, double value) {
    b.append(name);
    if (!labels.isEmpty()) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
        b.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue()));
        b.append('"');
        first = false;
      }
      b.append('}');
    }
    b.append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      b.append((long) value);
    } else {
      b.append(String.format(Locale.ROOT, "%.6g", value));
    }
    b.append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
