package dev.mlpipe.events.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics and their dead-letter topics, idempotently: a missing topic is
 * created with the catalogue's partitions and configs, an existing one is left as it is except that
 * its partitions are increased when the catalogue asks for more (never decreased, and its configs
 * are not touched). Safe to run from {@code mlpipe up}, {@code mlpipe topics create} and every
 * service at start, also concurrently.
 */
public final class TopicSetup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  /** Dead letters are evidence for an operator: kept until deleted on purpose. */
  public static final Map<String, String> DEAD_LETTER_CONFIGS = Map.of("retention.ms", "-1");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration METADATA_RETRY_BACKOFF = Duration.ofMillis(100);

  private final Admin admin;
  private final boolean ownsAdmin;
  private final short replicationFactor;

  /**
   * A setup that uses {@code admin} (not closed by {@link #close()}).
   *
   * @param replicationFactor replicas of every created topic: 1 for the embedded broker, usually 3
   *     on a cluster
   */
  public TopicSetup(Admin admin, int replicationFactor) {
    this(admin, false, replicationFactor);
  }

  private TopicSetup(Admin admin, boolean ownsAdmin, int replicationFactor) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.ownsAdmin = ownsAdmin;
    if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "replication factor must be at least 1 (1 for a single broker), was "
              + replicationFactor);
    }
    this.replicationFactor = (short) replicationFactor;
  }

  /** A setup with its own admin client to {@code bootstrapServers}, closed by {@link #close()}. */
  public static TopicSetup connect(String bootstrapServers, int replicationFactor) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()));
    return new TopicSetup(admin, true, replicationFactor);
  }

  /** Every catalogue topic followed by its dead-letter topic, with the same partitions. */
  public static List<Spec> catalogue() {
    List<Spec> specs = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      specs.add(Spec.of(topic));
      specs.add(Spec.deadLetterOf(topic));
    }
    return List.copyOf(specs);
  }

  /** Creates what is missing of {@link #catalogue()}. */
  public Report createCatalogue() {
    return create(catalogue());
  }

  /** Creates these topics where they are missing (for tests, extra dead-letter topics, tools). */
  public Report create(Spec... specs) {
    return create(Arrays.asList(specs));
  }

  /** Creates these topics where they are missing and grows those with too few partitions. */
  public Report create(List<Spec> specs) {
    Map<String, Spec> wanted = new LinkedHashMap<>();
    for (Spec spec : specs) {
      Spec earlier = wanted.putIfAbsent(spec.name(), spec);
      if (earlier != null && !earlier.equals(spec)) {
        throw new IllegalArgumentException(
            "topic "
                + spec.name()
                + " is asked for twice, differently: "
                + earlier
                + " and "
                + spec);
      }
    }
    Set<String> existing = await("list topics", admin.listTopics().names());

    List<String> created = new ArrayList<>();
    List<String> present = new ArrayList<>();
    List<NewTopic> toCreate = new ArrayList<>();
    for (Spec spec : wanted.values()) {
      if (existing.contains(spec.name())) {
        present.add(spec.name());
      } else {
        toCreate.add(
            new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                .configs(spec.configs()));
      }
    }
    if (!toCreate.isEmpty()) {
      Map<String, KafkaFuture<Void>> results = admin.createTopics(toCreate).values();
      for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
        try {
          result.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          created.add(result.getKey());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            present.add(result.getKey()); // created concurrently by another process
          } else {
            throw failure("create topic " + result.getKey(), e.getCause());
          }
        } catch (TimeoutException e) {
          throw failure("create topic " + result.getKey(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure("create topic " + result.getKey(), e);
        }
      }
    }

    if (!created.isEmpty()) {
      awaitLeaders(created);
    }

    Map<String, Integer> grown = new LinkedHashMap<>();
    if (!present.isEmpty()) {
      Map<String, TopicDescription> descriptions = describe(present);
      Map<String, NewPartitions> increases = new HashMap<>();
      for (String name : present) {
        int have = descriptions.get(name).partitions().size();
        int want = wanted.get(name).partitions();
        if (have < want) {
          increases.put(name, NewPartitions.increaseTo(want));
          grown.put(name, want);
        }
      }
      if (!increases.isEmpty()) {
        await(
            "increase partitions of " + increases.keySet(),
            admin.createPartitions(increases).all());
      }
    }
    List<String> unchanged = present.stream().filter(name -> !grown.containsKey(name)).toList();
    Report report = new Report(created, grown, unchanged);
    report.lines().forEach(line -> log.info("{}", line));
    return report;
  }

  @Override
  public void close() {
    if (ownsAdmin) {
      admin.close(TIMEOUT);
    }
  }

  /**
   * Waits until every partition of freshly created topics has a leader: a producer that starts
   * before that gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then stall until its
   * delivery timeout.
   */
  private void awaitLeaders(List<String> names) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<String> leaderless =
          describe(names).values().stream()
              .filter(
                  d ->
                      d.partitions().stream()
                          .anyMatch(p -> p.leader() == null || p.leader().isEmpty()))
              .map(TopicDescription::name)
              .toList();
      if (leaderless.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            "wait for partition leaders of " + leaderless,
            new IllegalStateException("no leader elected within " + TIMEOUT));
      }
      log.debug("topics {} have partitions without a leader yet, waiting", leaderless);
      try {
        Thread.sleep(METADATA_RETRY_BACKOFF.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("wait for partition leaders of " + leaderless, e);
      }
    }
  }

  /**
   * Describes topics, waiting for a topic that was just created (here or by a concurrent setup) to
   * reach the broker's metadata: the controller lists it a moment before the broker knows it.
   */
  private Map<String, TopicDescription> describe(List<String> names) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return admin
            .describeTopics(names)
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw failure("describe topics " + names, e.getCause());
        }
        log.debug("topics {} not yet in the broker's metadata, retrying", names);
      } catch (TimeoutException e) {
        throw failure("describe topics " + names, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("describe topics " + names, e);
      }
      try {
        Thread.sleep(METADATA_RETRY_BACKOFF.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("describe topics " + names, e);
      }
    }
  }

  private <T> T await(String what, KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause());
    } catch (TimeoutException e) {
      throw failure(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(what, e);
    }
  }

  private static IllegalStateException failure(String what, Throwable cause) {
    return new IllegalStateException(
        "topic setup could not "
            + what
            + ": "
            + cause
            + "; check that the Kafka bootstrap servers are reachable and that this client may "
            + "create topics",
        cause);
  }

  /**
   * A topic to create.
   *
   * @param name its name
   * @param partitions its partitions (an existing topic with fewer is grown to this many)
   * @param configs topic configs used when it is created
   */
  public record Spec(String name, int partitions, Map<String, String> configs) {

    public Spec {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("topic name must not be blank");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException(
            "topic " + name + ": partitions must be at least 1, was " + partitions);
      }
      configs = Map.copyOf(configs);
    }

    /** A catalogue topic as the catalogue describes it. */
    public static Spec of(Topic<?> topic) {
      return new Spec(topic.name(), topic.partitions(), topic.configs());
    }

    /** A catalogue topic's dead-letter topic: same partitions, kept forever. */
    public static Spec deadLetterOf(Topic<?> topic) {
      return deadLetterOf(topic.name(), topic.partitions());
    }

    /** The dead-letter topic of any topic: same partitions, kept forever. */
    public static Spec deadLetterOf(String topic, int partitions) {
      return new Spec(Topics.deadLetterTopicOf(topic), partitions, DEAD_LETTER_CONFIGS);
    }
  }

  /**
   * What a setup did.
   *
   * @param created topics it created
   * @param grown topics whose partitions it increased, with the new count
   * @param unchanged topics that existed as wanted
   */
  public record Report(List<String> created, Map<String, Integer> grown, List<String> unchanged) {

    public Report {
      created = List.copyOf(created);
      grown = Map.copyOf(grown);
      unchanged = List.copyOf(unchanged);
    }

    /** One line per change, and one summary line, for the log and the CLI. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      created.forEach(name -> lines.add("created topic " + name));
      grown.forEach(
          (name, partitions) ->
              lines.add("grew topic " + name + " to " + partitions + " partitions"));
      lines.add(
          "topics: "
              + created.size()
              + " created, "
              + grown.size()
              + " grown, "
              + unchanged.size()
              + " already in place");
      return lines;
    }
  }
}
