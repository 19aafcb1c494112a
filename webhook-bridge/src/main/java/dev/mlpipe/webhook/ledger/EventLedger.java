package dev.mlpipe.webhook.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events, each at most once per delivery id, and answers only once Kafka committed them.
 * One thread owns the transactional producer; callers hand it events and get a future.
 */
public final class EventLedger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventLedger.class);

  private static final int MAX_BATCH = 500;
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How to reach Kafka.
   *
   * @param bootstrapServers Kafka's bootstrap servers
   * @param transactionalId unique per running bridge instance; a restarted instance with the same
   *     id fences its predecessor
   * @param ledgerTopic the compacted topic of delivery ids
   * @param kafka extra client properties (Kafka's own names), e.g. from the configuration
   * @param clock for the time recorded with a delivery id
   */
  public record Settings(
      String bootstrapServers,
      String transactionalId,
      String ledgerTopic,
      Map<String, Object> kafka,
      Clock clock) {
    public Settings {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(transactionalId, "transactionalId");
      Objects.requireNonNull(ledgerTopic, "ledgerTopic");
      kafka = Map.copyOf(kafka);
      Objects.requireNonNull(clock, "clock");
    }
  }

  private record Pending(
      String deliveryId,
      String topic,
      String key,
      byte[] value,
      String eventId,
      String runId,
      CompletableFuture<Outcome> result) {}

  private final Settings settings;
  private final Map<String, LedgerEntry> published = new ConcurrentHashMap<>();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final KafkaProducer<String, byte[]> producer;
  private final Thread committer;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private EventLedger(Settings settings, Map<String, LedgerEntry> known) {
    this.settings = settings;
    this.published.putAll(known);
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw new IllegalStateException(
          "the webhook bridge cannot start its transactional producer ("
              + settings.transactionalId()
              + ") on "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage()
              + "; check that Kafka is reachable and supports transactions",
          e);
    }
    this.committer = new Thread(this::commitLoop, "webhook-ledger-" + settings.transactionalId());
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Reads the delivery ids committed so far, then starts publishing.
   *
   * @throws IllegalStateException naming the topic when it cannot be read
   */
  public static EventLedger open(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, LedgerEntry> known = load(settings);
    log.info(
        "webhook ledger: {} delivery id(s) already published, from {}",
        known.size(),
        settings.ledgerTopic());
    return new EventLedger(settings, known);
  }

  /**
   * Publishes {@code value} to {@code topic} under {@code key}, unless {@code deliveryId} was
   * published before. The future completes once the transaction committed (or failed).
   *
   * @param deliveryId the delivery to publish at most once, or null for no such guarantee
   * @param value the serialized event
   * @param eventId the event's id, recorded with the delivery id
   * @param runId the event's run, recorded with the delivery id
   */
  public CompletableFuture<Outcome> publish(
      String deliveryId, String topic, String key, byte[] value, String eventId, String runId) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(runId, "runId");
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    if (deliveryId != null) {
      LedgerEntry earlier = published.get(deliveryId);
      if (earlier != null) {
        result.complete(
            new Outcome.AlreadyPublished(deliveryId, earlier.eventId(), earlier.runId()));
        return result;
      }
    }
    if (!running) {
      result.completeExceptionally(stopped());
      return result;
    }
    queue.add(new Pending(deliveryId, topic, key, value, eventId, runId, result));
    return result;
  }

  /** The earlier publication of a delivery id, if it had one. */
  public boolean isPublished(String deliveryId) {
    return published.containsKey(deliveryId);
  }

  /** True until the producer failed for good or the ledger was closed. */
  public boolean isRunning() {
    return running && committer.isAlive();
  }

  @Override
  public void close() {
    running = false;
    committer.interrupt();
    try {
      committer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    failRemaining(stopped());
  }

  private void commitLoop() {
    while (running) {
      List<Pending> batch = new ArrayList<>();
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      commit(batch);
    }
  }

  private void commit(List<Pending> batch) {
    // A redelivery that arrived while its original was queued meets it here.
    Map<String, Pending> firstOfDelivery = new HashMap<>();
    List<Pending> toSend = new ArrayList<>();
    List<Pending> duplicates = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.deliveryId() == null) {
        toSend.add(pending);
      } else if (published.containsKey(pending.deliveryId())
          || firstOfDelivery.containsKey(pending.deliveryId())) {
        duplicates.add(pending);
      } else {
        firstOfDelivery.put(pending.deliveryId(), pending);
        toSend.add(pending);
      }
    }
    long now = settings.clock().millis();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try {
      if (!toSend.isEmpty()) {
        producer.beginTransaction();
        for (Pending pending : toSend) {
          sent.add(
              producer.send(new ProducerRecord<>(pending.topic(), pending.key(), pending.value())));
          if (pending.deliveryId() != null) {
            producer.send(
                new ProducerRecord<>(
                    settings.ledgerTopic(),
                    pending.deliveryId(),
                    new LedgerEntry(pending.eventId(), pending.runId(), now).toBytes()));
          }
        }
        producer.commitTransaction();
      }
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      fatal(e);
      toSend.forEach(p -> p.result().completeExceptionally(e));
      duplicates.forEach(p -> p.result().completeExceptionally(e));
      return;
    } catch (KafkaException e) {
      log.warn(
          "webhook ledger: a transaction of {} event(s) failed, aborting it: {}",
          toSend.size(),
          e.toString());
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailure) {
        e.addSuppressed(abortFailure);
        fatal(e);
      }
      toSend.forEach(p -> p.result().completeExceptionally(e));
      duplicates.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < toSend.size(); i++) {
      Pending pending = toSend.get(i);
      if (pending.deliveryId() != null) {
        published.put(
            pending.deliveryId(), new LedgerEntry(pending.eventId(), pending.runId(), now));
      }
      RecordMetadata metadata = metadataOf(sent.get(i));
      pending
          .result()
          .complete(
              new Outcome.Published(
                  pending.eventId(),
                  pending.runId(),
                  metadata.topic(),
                  metadata.partition(),
                  metadata.offset()));
    }
    for (Pending duplicate : duplicates) {
      LedgerEntry earlier = published.get(duplicate.deliveryId());
      duplicate
          .result()
          .complete(
              new Outcome.AlreadyPublished(
                  duplicate.deliveryId(), earlier.eventId(), earlier.runId()));
    }
  }

  private static RecordMetadata metadataOf(Future<RecordMetadata> future) {
    // The transaction committed, so every send of it has completed successfully.
    try {
      return future.get(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading a committed send's metadata", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("a committed send has no metadata: " + e, e);
    }
  }

  private void fatal(Throwable e) {
    failure = e;
    running = false;
    log.error(
        "webhook ledger: the transactional producer {} failed for good ({}); the bridge stops"
            + " accepting deliveries and must be restarted",
        settings.transactionalId(),
        e.toString());
    failRemaining(stopped());
  }

  private void failRemaining(Throwable cause) {
    Pending pending;
    while ((pending = queue.poll()) != null) {
      pending.result().completeExceptionally(cause);
    }
  }

  private IllegalStateException stopped() {
    return new IllegalStateException(
        "the webhook bridge's publisher has stopped"
            + (failure == null ? "" : " after " + failure)
            + "; restart the bridge",
        failure);
  }

  private static Map<String, LedgerEntry> load(Settings settings) {
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, LedgerEntry> known = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(settings.ledgerTopic(), LOAD_TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic " + settings.ledgerTopic() + " does not exist; create it before the bridge");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LOAD_TIMEOUT);
      long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, LOAD_TIMEOUT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read "
                  + settings.ledgerTopic()
                  + " to its end "
                  + end
                  + " in "
                  + LOAD_TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() == null || record.value() == null) {
            known.remove(record.key());
            continue;
          }
          try {
            known.put(record.key(), LedgerEntry.fromBytes(record.value()));
          } catch (IllegalArgumentException e) {
            log.warn(
                "webhook ledger: record {}-{}@{} is not a ledger entry ({}); its delivery id {} is"
                    + " treated as published",
                record.topic(),
                record.partition(),
                record.offset(),
                e.getMessage(),
                record.key());
            known.put(record.key(), new LedgerEntry("unknown", "unknown", record.timestamp()));
          }
        }
      }
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "the webhook bridge cannot read its delivery ledger "
              + settings.ledgerTopic()
              + " on "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
    return known;
  }
}
