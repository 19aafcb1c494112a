package dev.mlpipe.console.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A consumer group as the overview shows it.
 *
 * @param groupId the group, e.g. {@code mlpipe-trainer}
 * @param state its state, e.g. {@code STABLE}, {@code EMPTY}
 * @param members its members
 * @param partitions each partition it has committed offsets for, with the lag
 */
public record GroupView(
    String groupId, String state, List<Member> members, List<PartitionLag> partitions) {

  public GroupView {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(state, "state");
    members = List.copyOf(members);
    partitions = List.copyOf(partitions);
  }

  /** The sum of the partitions' lag. */
  public long totalLag() {
    return partitions.stream().mapToLong(PartitionLag::lag).sum();
  }

  /** A member: its client id, host and assigned partitions ({@code topic-partition}). */
  public record Member(String clientId, String host, List<String> assignment) {
    public Member {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(host, "host");
      assignment = List.copyOf(assignment);
    }
  }

  /** How far a group is behind on one partition: end offset minus committed offset. */
  public record PartitionLag(String topic, int partition, long committed, long end) {
    public PartitionLag {
      Objects.requireNonNull(topic, "topic");
    }

    public long lag() {
      return Math.max(0, end - committed);
    }
  }
}
