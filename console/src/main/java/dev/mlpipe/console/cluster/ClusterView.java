package dev.mlpipe.console.cluster;

import dev.mlpipe.events.json.EventJson;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.EventMeta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the cluster's state for the console. Every call asks Kafka afresh and fails with a {@link
 * ClusterUnavailableException} naming the bootstrap servers when Kafka does not answer in time.
 */
public final class ClusterView implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** At most this many messages are shown per browse. */
  public static final int MAX_BROWSE = 100;

  /** A filtered browse reads at most this many messages to fill a page. */
  public static final int MAX_SCAN = 5000;

  private final String bootstrap;
  private final Admin admin;
  private final EventSerdes serdes;

  /**
   * @param bootstrap Kafka's bootstrap servers, for the browse consumers and error messages
   * @param admin the admin client, owned by this view
   * @param serdes decodes browsed messages
   */
  public ClusterView(String bootstrap, Admin admin, EventSerdes serdes) {
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.serdes = Objects.requireNonNull(serdes, "serdes");
  }

  /** Every consumer group, by id, with members, state and lag per partition. */
  public List<GroupView> groups() {
    List<String> ids = new ArrayList<>();
    for (GroupListing listing :
        get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all())) {
      ids.add(listing.groupId());
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, ConsumerGroupDescription> descriptions =
        get(admin.describeConsumerGroups(ids).all());
    List<GroupView> groups = new ArrayList<>();
    for (String id : ids.stream().sorted().toList()) {
      ConsumerGroupDescription d = descriptions.get(id);
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata());
      Map<TopicPartition, Long> ends =
          offsets(
              committed.keySet().stream().filter(tp -> committed.get(tp) != null).toList(),
              OffsetSpec.latest());
      List<GroupView.PartitionLag> lags = new ArrayList<>();
      committed.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .sorted(
              Comparator.comparing(
                      (Map.Entry<TopicPartition, OffsetAndMetadata> e) -> e.getKey().topic())
                  .thenComparingInt(e -> e.getKey().partition()))
          .forEach(
              e ->
                  lags.add(
                      new GroupView.PartitionLag(
                          e.getKey().topic(),
                          e.getKey().partition(),
                          e.getValue().offset(),
                          ends.getOrDefault(e.getKey(), e.getValue().offset()))));
      List<GroupView.Member> members = new ArrayList<>();
      if (d != null) {
        for (MemberDescription m : d.members()) {
          members.add(
              new GroupView.Member(
                  m.clientId(),
                  m.host(),
                  m.assignment().topicPartitions().stream()
                      .map(TopicPartition::toString)
                      .sorted()
                      .toList()));
        }
      }
      groups.add(
          new GroupView(id, d == null ? "UNKNOWN" : String.valueOf(d.groupState()), members, lags));
    }
    return groups;
  }

  /** The pipeline's topics and their dead-letter topics that exist, in catalogue order. */
  public List<TopicView> topics() {
    Collection<String> existing = get(admin.listTopics().names());
    List<String> names = new ArrayList<>();
    Topics.ALL.forEach(
        t -> {
          if (existing.contains(t.name())) {
            names.add(t.name());
          }
        });
    Topics.ALL.forEach(
        t -> {
          if (existing.contains(t.deadLetterTopic())) {
            names.add(t.deadLetterTopic());
          }
        });
    return describe(names);
  }

  /** One topic, or empty when it does not exist. */
  public Optional<TopicView> topic(String name) {
    if (!get(admin.listTopics().names()).contains(name)) {
      return Optional.empty();
    }
    return Optional.of(describe(List.of(name)).get(0));
  }

  /**
   * Up to {@code max} committed messages of one partition from {@code offset} on, decoded; a
   * dead-letter topic's messages are decoded with their source topic's schema.
   */
  public List<BrowsedRecord> browse(String topic, int partition, long offset, int max) {
    return browse(topic, partition, offset, max, BrowseFilter.NONE).records();
  }

  /**
   * Messages read from a partition and filtered.
   *
   * @param records the messages the filter let through, at most the number asked for
   * @param nextOffset where the next page starts: after the last message read
   * @param scanned how many messages were read to find them
   */
  public record Browse(List<BrowsedRecord> records, long nextOffset, int scanned) {
    public Browse {
      records = List.copyOf(records);
    }
  }

  /**
   * Up to {@code max} committed messages of one partition from {@code offset} on that the filter
   * lets through, decoded; at most {@link #MAX_SCAN} messages are read to find them.
   */
  public Browse browse(String topic, int partition, long offset, int max, BrowseFilter filter) {
    int limit = Math.max(1, Math.min(max, MAX_BROWSE));
    TopicPartition tp = new TopicPartition(topic, partition);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-console-browse-" + UUID.randomUUID());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    List<BrowsedRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
      long start = consumer.beginningOffsets(List.of(tp)).getOrDefault(tp, 0L);
      long next = Math.max(start, offset);
      consumer.seek(tp, next);
      int scanned = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (out.size() < limit
          && scanned < MAX_SCAN
          && next < end
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (out.size() >= limit || scanned >= MAX_SCAN) {
            break;
          }
          scanned++;
          next = record.offset() + 1;
          BrowsedRecord decoded = decode(record);
          if (filter.matches(decoded)) {
            out.add(decoded);
          }
        }
        if (out.size() < limit && scanned < MAX_SCAN) {
          // Transaction markers and aborted records have offsets no record shows.
          next = Math.max(next, consumer.position(tp));
        }
      }
      return new Browse(out, next, scanned);
    }
  }

  /**
   * The offset of the first message of the partition at or after the time (Kafka's
   * offsetsForTimes); the end offset when every message is older.
   */
  public long offsetForTime(String topic, int partition, Instant time) {
    TopicPartition tp = new TopicPartition(topic, partition);
    long found =
        offsets(List.of(tp), OffsetSpec.forTimestamp(time.toEpochMilli())).getOrDefault(tp, -1L);
    return found >= 0 ? found : offsets(List.of(tp), OffsetSpec.latest()).getOrDefault(tp, 0L);
  }

  /** Where the browse of the latest messages starts: {@code count} before the end. */
  public long latestOffset(String topic, int partition, int count) {
    TopicPartition tp = new TopicPartition(topic, partition);
    long end = offsets(List.of(tp), OffsetSpec.latest()).getOrDefault(tp, 0L);
    long start = offsets(List.of(tp), OffsetSpec.earliest()).getOrDefault(tp, 0L);
    return Math.max(start, end - count);
  }

  private BrowsedRecord decode(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
    }
    String source =
        Topics.isDeadLetterTopic(record.topic())
            ? Topics.sourceOfDeadLetterTopic(record.topic())
            : record.topic();
    Optional<String> json = Optional.empty();
    Optional<String> error = Optional.empty();
    Optional<String> model = Optional.empty();
    Optional<String> runId = Optional.empty();
    try {
      SpecificRecord value =
          serdes
              .decoder(Topics.require(source))
              .decode(record.topic(), record.partition(), record.offset(), record.value());
      json = Optional.of(value == null ? "null" : EventJson.toPrettyJson(value));
      if (value instanceof GenericRecord g && g.getSchema().getField("meta") != null) {
        model = Optional.ofNullable(g.get("model")).map(String::valueOf);
        runId = Optional.ofNullable(((EventMeta) g.get("meta")).getRunId()).map(String::valueOf);
      }
    } catch (RuntimeException e) {
      error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Optional<DeadLetters.DeadLetter> deadLetter;
    try {
      deadLetter = DeadLetters.read(record.headers());
    } catch (IllegalArgumentException e) {
      deadLetter = Optional.empty();
      error = Optional.of(error.map(s -> s + "; ").orElse("") + e.getMessage());
    }
    return new BrowsedRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()),
        record.key(),
        json,
        error,
        headers,
        deadLetter,
        model,
        runId);
  }

  private List<TopicView> describe(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> descriptions = get(admin.describeTopics(names).allTopicNames());
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
    List<TopicView> views = new ArrayList<>();
    for (String name : names) {
      TopicDescription d = descriptions.get(name);
      Map<Integer, TopicView.PartitionOffsets> byPartition = new TreeMap<>();
      d.partitions()
          .forEach(
              p -> {
                TopicPartition tp = new TopicPartition(name, p.partition());
                byPartition.put(
                    p.partition(),
                    new TopicView.PartitionOffsets(
                        p.partition(), starts.getOrDefault(tp, 0L), ends.getOrDefault(tp, 0L)));
              });
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
      ConfigEntry retention = config == null ? null : config.get("retention.ms");
      Optional<Long> retentionMs = Optional.empty();
      if (retention != null && retention.value() != null) {
        try {
          retentionMs = Optional.of(Long.parseLong(retention.value()));
        } catch (NumberFormatException e) {
          retentionMs = Optional.empty();
        }
      }
      views.add(new TopicView(name, List.copyOf(byPartition.values()), retentionMs));
    }
    return views;
  }

  private Map<TopicPartition, Long> offsets(
      Collection<TopicPartition> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted while asking Kafka at " + bootstrap, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ClusterUnavailableException(
          "Kafka at " + bootstrap + " did not answer: " + cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
