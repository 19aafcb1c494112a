package dev.mlpipe.cli.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code mlpipe topics} shows of one topic.
 *
 * @param name the topic
 * @param partitions its partition count
 * @param endOffsets the sum of the partitions' end offsets
 * @param records records currently retained (end minus start offsets)
 * @param lagByGroup each consumer group reading it, with its total lag
 */
public record TopicOverview(
    String name, int partitions, long endOffsets, long records, Map<String, Long> lagByGroup) {

  public TopicOverview {
    Objects.requireNonNull(name, "name");
    lagByGroup = Map.copyOf(lagByGroup);
  }

  /** Renders overviews as an aligned table with one row per topic. */
  public static String table(List<TopicOverview> topics) {
    int width = Math.max(5, topics.stream().mapToInt(t -> t.name().length()).max().orElse(5));
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-" + width + "s  %10s  %11s  %9s  %s%n",
            "TOPIC",
            "PARTITIONS",
            "END OFFSETS",
            "RECORDS",
            "CONSUMER GROUPS (LAG)"));
    for (TopicOverview t : topics) {
      StringBuilder groups = new StringBuilder();
      new TreeMap<>(t.lagByGroup())
          .forEach(
              (group, lag) ->
                  groups
                      .append(groups.isEmpty() ? "" : ", ")
                      .append(group)
                      .append('=')
                      .append(lag));
      out.append(
          String.format(
              "%-" + width + "s  %10d  %11d  %9d  %s%n",
              t.name(),
              t.partitions(),
              t.endOffsets(),
              t.records(),
              groups.isEmpty() ? "-" : groups));
    }
    return out.toString();
  }
}
