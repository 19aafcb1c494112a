package dev.mlpipe.console.feed;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's topics into an {@link EventStore} on a thread of its own, outside any
 * consumer group (the console never takes partitions from a stage), committed records only. Run
 * topics and dead-letter topics are read from the beginning, serving traffic from now on; topics
 * created later are picked up within half a minute.
 */
public final class EventFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

  /** High volume and not part of any run: only their rate and latest events are shown. */
  private static final Set<Topic<?>> FROM_NOW_ON =
      Set.of(Topics.PREDICTION_LOGGED, Topics.FEEDBACK);

  /** How often the feed looks for pipeline topics created after it started. */
  private static final Duration LOOK_FOR_NEW_TOPICS = Duration.ofSeconds(30);

  private static final Duration FIRST_LISTING = Duration.ofSeconds(60);

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventSerdes serdes;
  private final EventStore store;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private EventFeed(KafkaConsumer<String, byte[]> consumer, EventSerdes serdes, EventStore store) {
    this.consumer = consumer;
    this.serdes = serdes;
    this.store = store;
    this.thread = new Thread(this::loop, "mlpipe-console-feed");
    this.thread.setDaemon(true);
  }

  /**
   * Assigns every existing pipeline and dead-letter topic's partitions and starts reading.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when Kafka does not answer
   */
  public static EventFeed start(String bootstrap, EventSerdes serdes, EventStore store) {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-console-feed-" + UUID.randomUUID());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      int added = assignFirstPartitions(consumer);
      log.info("console feed reads {} partitions", added);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    EventFeed feed = new EventFeed(consumer, serdes, store);
    feed.thread.start();
    return feed;
  }

  /**
   * The first assignment, asked again until {@link #FIRST_LISTING} has passed: a broker that has
   * just started, or a loaded machine, can take longer than one 10 s request to list its topics,
   * and a console that gave up then would be a stage that died of a slow start.
   */
  private static int assignFirstPartitions(KafkaConsumer<String, byte[]> consumer) {
    long deadline = System.nanoTime() + FIRST_LISTING.toNanos();
    while (true) {
      try {
        return assignNewPartitions(consumer);
      } catch (TimeoutException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        log.warn("console feed: Kafka did not list its topics within 10 s; asking again");
      }
    }
  }

  /**
   * Assigns the partitions of pipeline and dead-letter topics that are not assigned yet (topics
   * created after the console started, e.g. by {@code mlpipe topics create}); run and dead-letter
   * topics from the beginning, serving traffic from now on. Returns how many were added.
   */
  private static int assignNewPartitions(KafkaConsumer<String, byte[]> consumer) {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
    Set<TopicPartition> assigned = consumer.assignment();
    List<TopicPartition> fromBeginning = new ArrayList<>();
    List<TopicPartition> fromNow = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      List<TopicPartition> target = FROM_NOW_ON.contains(topic) ? fromNow : fromBeginning;
      partitions(existing, topic.name(), assigned, target);
      partitions(existing, topic.deadLetterTopic(), assigned, fromBeginning);
    }
    if (fromBeginning.isEmpty() && fromNow.isEmpty()) {
      return 0;
    }
    List<TopicPartition> all = new ArrayList<>(assigned);
    all.addAll(fromBeginning);
    all.addAll(fromNow);
    consumer.assign(all);
    consumer.seekToBeginning(fromBeginning);
    consumer.seekToEnd(fromNow);
    fromNow.forEach(consumer::position);
    return fromBeginning.size() + fromNow.size();
  }

  private static void partitions(
      Map<String, List<PartitionInfo>> existing,
      String topic,
      Set<TopicPartition> assigned,
      List<TopicPartition> into) {
    List<PartitionInfo> infos = existing.get(topic);
    if (infos != null) {
      for (PartitionInfo info : infos) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        if (!assigned.contains(tp)) {
          into.add(tp);
        }
      }
    }
  }

  /** Whether the feed is still reading. */
  public boolean isRunning() {
    return running.get() && thread.isAlive();
  }

  private void loop() {
    try {
      long nextLook = System.nanoTime() + LOOK_FOR_NEW_TOPICS.toNanos();
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          handle(record);
        }
        if (System.nanoTime() > nextLook) {
          try {
            int added = assignNewPartitions(consumer);
            if (added > 0) {
              log.info("console feed now also reads {} new partitions", added);
            }
          } catch (TimeoutException e) {
            log.warn("console feed: Kafka did not list its topics in time; trying again later");
          }
          nextLook = System.nanoTime() + LOOK_FOR_NEW_TOPICS.toNanos();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      log.error("console feed stopped: {}", e.toString(), e);
    } finally {
      running.set(false);
      consumer.close();
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    boolean deadLetter = Topics.isDeadLetterTopic(record.topic());
    String source = deadLetter ? Topics.sourceOfDeadLetterTopic(record.topic()) : record.topic();
    SpecificRecord value = null;
    String problem = null;
    try {
      value =
          serdes
              .decoder(Topics.require(source))
              .decode(record.topic(), record.partition(), record.offset(), record.value());
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    String error = deadLetter ? deadLetterError(record) + " | " : "";
    if (value == null) {
      store.add(
          new LiveEvent(
              record.topic(),
              record.partition(),
              record.offset(),
              Instant.ofEpochMilli(record.timestamp()),
              record.key(),
              deadLetter ? "dead letter" : "undecodable",
              "",
              error + (problem == null ? "empty value" : problem)),
          null,
          record.timestamp());
      return;
    }
    PipelineEvent event =
        new PipelineEvent(record.topic(), record.partition(), record.offset(), value);
    boolean partOfRuns =
        !deadLetter && FROM_NOW_ON.stream().noneMatch(t -> t.name().equals(record.topic()));
    store.add(
        new LiveEvent(
            record.topic(),
            record.partition(),
            record.offset(),
            event.occurredAt(),
            String.valueOf(((GenericRecord) value).get("model")),
            deadLetter ? "dead letter " + event.type() : event.type(),
            event.runId(),
            error + EventSummary.of(value)),
        partOfRuns ? event : null,
        record.timestamp());
  }

  private static String deadLetterError(ConsumerRecord<String, byte[]> record) {
    try {
      return DeadLetters.read(record.headers())
          .map(d -> d.exceptionClass() + ": " + d.message())
          .orElse("no error headers");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
