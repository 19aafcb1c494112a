package dev.mlpipe.console.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic as the topics page shows it.
 *
 * @param name the topic
 * @param partitions each partition's start and end offsets
 * @param retentionMs {@code retention.ms}, -1 for forever; empty when unknown
 */
public record TopicView(
    String name, List<PartitionOffsets> partitions, Optional<Long> retentionMs) {

  public TopicView {
    Objects.requireNonNull(name, "name");
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(retentionMs, "retentionMs");
  }

  /** The sum of the end offsets. */
  public long endOffsets() {
    return partitions.stream().mapToLong(PartitionOffsets::end).sum();
  }

  /** Records currently retained. */
  public long records() {
    return partitions.stream().mapToLong(p -> p.end() - p.start()).sum();
  }

  /** A partition's first retained offset and next offset to be written. */
  public record PartitionOffsets(int partition, long start, long end) {}
}
