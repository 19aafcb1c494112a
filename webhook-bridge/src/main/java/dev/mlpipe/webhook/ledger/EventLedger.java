package dev.mlpipe.webhook.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events, each at most once per key (a GitHub delivery id or an events API idempotency
 * key), also across several bridge instances, and answers only once Kafka committed them. One
 * thread owns the transactional producers; callers hand it events and get a future.
 *
 * <p>How several instances keep at most once: a key's ledger record goes to the ledger partition
 * its hash names, and every instance writes to ledger partition {@code p} only with the
 * transactional id {@code <ledger topic>-p}, shared by all instances. Taking that id
 * (initTransactions) fences whichever instance held it before and completes its open transaction;
 * the taker then reads the ledger to its end, so it knows every key committed under the id so far.
 * A transaction of a producer that was fenced in the meantime cannot commit. So whenever a commit
 * succeeds, its instance knew every key committed for that partition before it: the same key (a
 * redelivery arriving at two instances at once, or one after the other) is published by exactly the
 * one instance whose transaction commits first; the other is fenced, takes the id back, re-reads,
 * and answers {@link Outcome.AlreadyPublished}. Contention costs a re-initialisation (tens of
 * milliseconds), so instances behind one load balancer stay correct but are fastest when the same
 * key usually reaches the same instance. Events without a key use the instance's own transactional
 * id, which nobody else takes. Adding partitions to the ledger topic while bridges run breaks the
 * mapping of keys to partitions: stop the bridges first.
 */
public final class EventLedger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventLedger.class);

  private static final int MAX_BATCH = 500;
  private static final int MAX_ATTEMPTS = 6;

  /**
   * How to reach Kafka.
   *
   * @param bootstrapServers Kafka's bootstrap servers
   * @param transactionalId unique per running bridge instance, for events without a key; a
   *     restarted instance with the same id fences its predecessor
   * @param ledgerTopic the compacted topic of published keys; also the prefix of the transactional
   *     ids that guard its partitions
   * @param kafka extra client properties (Kafka's own names), e.g. from the configuration
   * @param clock for the time recorded with a key
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
      String fingerprint,
      String topic,
      String key,
      byte[] value,
      String eventId,
      String runId,
      CompletableFuture<Outcome> result) {}

  /**
   * A transactional id and this instance's producer for it, if it holds it.
   *
   * @param partition the ledger partition it guards, or -1 for the instance's own id
   */
  private static final class Guard {
    final String transactionalId;
    final int partition;
    KafkaProducer<String, byte[]> producer;

    Guard(String transactionalId, int partition) {
      this.transactionalId = transactionalId;
      this.partition = partition;
    }
  }

  private final Settings settings;
  private final Map<String, LedgerEntry> published = new ConcurrentHashMap<>();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final LedgerReader reader;
  private final Guard own;
  private final List<Guard> partitionGuards = new ArrayList<>();
  private final Thread committer;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private EventLedger(Settings settings, LedgerReader reader) {
    this.settings = settings;
    this.reader = reader;
    this.own = new Guard(settings.transactionalId(), -1);
    for (int p = 0; p < reader.partitionCount(); p++) {
      partitionGuards.add(new Guard(settings.ledgerTopic() + "-" + p, p));
    }
    this.committer = new Thread(this::commitLoop, "webhook-ledger-" + settings.transactionalId());
    committer.setDaemon(true);
  }

  /**
   * Reads the keys committed so far, takes the transactional ids, then starts publishing.
   *
   * @throws IllegalStateException naming the topic or the transactional id when Kafka refuses
   */
  public static EventLedger open(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    LedgerReader reader =
        new LedgerReader(settings.bootstrapServers(), settings.ledgerTopic(), settings.kafka());
    EventLedger ledger = new EventLedger(settings, reader);
    try {
      // Taking the ids first completes the transactions of whoever held them, so that the read
      // that follows sees them.
      ledger.take(ledger.own);
      for (Guard guard : ledger.partitionGuards) {
        ledger.take(guard);
      }
      reader.catchUp(ledger.published);
    } catch (RuntimeException e) {
      ledger.closeClients();
      throw e;
    }
    log.info(
        "webhook ledger: {} key(s) already published, from {} ({} partitions)",
        ledger.published.size(),
        settings.ledgerTopic(),
        ledger.partitionGuards.size());
    ledger.committer.start();
    return ledger;
  }

  /**
   * Publishes {@code value} to {@code topic} under {@code key}, unless {@code deliveryId} was
   * published before. The future completes once the transaction committed (or failed).
   *
   * @param deliveryId the key to publish at most once, or null for no such guarantee
   * @param value the serialized event
   * @param eventId the event's id, recorded with the delivery id
   * @param runId the event's run, recorded with the delivery id
   */
  public CompletableFuture<Outcome> publish(
      String deliveryId, String topic, String key, byte[] value, String eventId, String runId) {
    return publish(deliveryId, null, topic, key, value, eventId, runId);
  }

  /**
   * As {@link #publish(String, String, String, byte[], String, String)}, recording {@code
   * fingerprint} (what the request looked like) with the key, so that a later request with the same
   * key can be told apart from a retry: {@link Outcome.AlreadyPublished#fingerprint()}.
   */
  public CompletableFuture<Outcome> publish(
      String deliveryId,
      String fingerprint,
      String topic,
      String key,
      byte[] value,
      String eventId,
      String runId) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(runId, "runId");
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    if (deliveryId != null) {
      LedgerEntry earlier = published.get(deliveryId);
      if (earlier != null) {
        result.complete(already(deliveryId, earlier));
        return result;
      }
    }
    if (!running) {
      result.completeExceptionally(stopped());
      return result;
    }
    queue.add(new Pending(deliveryId, fingerprint, topic, key, value, eventId, runId, result));
    return result;
  }

  /** True if the key was published, as far as this instance knows. */
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
    closeClients();
    failRemaining(stopped());
  }

  private void closeClients() {
    release(own, Duration.ofSeconds(10));
    partitionGuards.forEach(g -> release(g, Duration.ofSeconds(10)));
    reader.close();
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
      Map<Guard, List<Pending>> byGuard = new LinkedHashMap<>();
      for (Pending pending : batch) {
        byGuard.computeIfAbsent(guardOf(pending), g -> new ArrayList<>()).add(pending);
      }
      for (Map.Entry<Guard, List<Pending>> entry : byGuard.entrySet()) {
        if (!running) {
          entry.getValue().forEach(p -> p.result().completeExceptionally(stopped()));
          continue;
        }
        commit(entry.getKey(), entry.getValue());
      }
    }
  }

  private Guard guardOf(Pending pending) {
    return pending.deliveryId() == null
        ? own
        : partitionGuards.get(partitionOf(pending.deliveryId(), partitionGuards.size()));
  }

  /** The ledger partition of a key: the one Kafka's default partitioner picks for it. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Commits {@code batch} under {@code guard}, taking the id back and re-reading the ledger when
   * another instance took it meanwhile, so that the keys it published are not published again.
   */
  private void commit(Guard guard, List<Pending> batch) {
    for (int attempt = 1; ; attempt++) {
      if (guard.producer == null) {
        try {
          take(guard);
          reader.catchUp(published);
        } catch (RuntimeException e) {
          log.warn("webhook ledger: cannot take {}: {}", guard.transactionalId, e.toString());
          release(guard, Duration.ZERO);
          batch.forEach(p -> p.result().completeExceptionally(e));
          return;
        }
      }
      try {
        commitOnce(guard, batch);
        return;
      } catch (KafkaException e) {
        if (isFenced(e) && attempt < MAX_ATTEMPTS) {
          log.info(
              "webhook ledger: another bridge instance took {} (attempt {}); taking it back and"
                  + " re-reading {} before publishing {} event(s)",
              guard.transactionalId,
              attempt,
              settings.ledgerTopic(),
              batch.size());
          release(guard, Duration.ZERO);
          backOff(attempt);
          continue;
        }
        if (isFatal(e)) {
          fatal(e);
        } else {
          log.warn(
              "webhook ledger: a transaction of {} event(s) under {} failed: {}",
              batch.size(),
              guard.transactionalId,
              e.toString());
          // A producer that failed mid-transaction is replaced at the next batch.
          release(guard, Duration.ZERO);
        }
        batch.forEach(p -> p.result().completeExceptionally(e));
        return;
      }
    }
  }

  /** One transaction of the batch's events not yet published; completes every future. */
  private void commitOnce(Guard guard, List<Pending> batch) {
    // A redelivery that arrived while its original was queued meets it here.
    Map<String, Pending> firstOfKey = new HashMap<>();
    List<Pending> toSend = new ArrayList<>();
    List<Pending> duplicates = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.deliveryId() == null) {
        toSend.add(pending);
      } else if (published.containsKey(pending.deliveryId())
          || firstOfKey.containsKey(pending.deliveryId())) {
        duplicates.add(pending);
      } else {
        firstOfKey.put(pending.deliveryId(), pending);
        toSend.add(pending);
      }
    }
    long now = settings.clock().millis();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    if (!toSend.isEmpty()) {
      KafkaProducer<String, byte[]> producer = guard.producer;
      producer.beginTransaction();
      try {
        for (Pending pending : toSend) {
          sent.add(
              producer.send(new ProducerRecord<>(pending.topic(), pending.key(), pending.value())));
          if (pending.deliveryId() != null) {
            producer.send(
                new ProducerRecord<>(
                    settings.ledgerTopic(),
                    guard.partition,
                    pending.deliveryId(),
                    entryOf(pending, now).toBytes()));
          }
        }
        producer.commitTransaction();
      } catch (KafkaException e) {
        if (!isFenced(e) && !isFatal(e)) {
          try {
            producer.abortTransaction();
          } catch (KafkaException abortFailure) {
            e.addSuppressed(abortFailure);
          }
        }
        throw e;
      }
    }
    for (int i = 0; i < toSend.size(); i++) {
      Pending pending = toSend.get(i);
      if (pending.deliveryId() != null) {
        published.put(pending.deliveryId(), entryOf(pending, now));
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
      duplicate
          .result()
          .complete(already(duplicate.deliveryId(), published.get(duplicate.deliveryId())));
    }
  }

  private static LedgerEntry entryOf(Pending pending, long now) {
    return new LedgerEntry(pending.eventId(), pending.runId(), now, pending.fingerprint());
  }

  private static Outcome.AlreadyPublished already(String key, LedgerEntry earlier) {
    return new Outcome.AlreadyPublished(
        key, earlier.eventId(), earlier.runId(), earlier.fingerprint());
  }

  /** Starts a producer with the guard's transactional id, fencing whoever held it. */
  private void take(Guard guard) {
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, guard.transactionalId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw new IllegalStateException(
          "the webhook bridge cannot start its transactional producer ("
              + guard.transactionalId
              + ") on "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage()
              + "; check that Kafka is reachable and supports transactions",
          e);
    }
    guard.producer = producer;
  }

  private static void release(Guard guard, Duration timeout) {
    if (guard.producer != null) {
      guard.producer.close(timeout);
      guard.producer = null;
    }
  }

  private static void backOff(int attempt) {
    // Two instances retaking one id in lock step would fence each other again; a random pause
    // lets one of them finish.
    long millis = ThreadLocalRandom.current().nextLong(10, 50L * attempt);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFatal(Throwable e) {
    return e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException;
  }

  private static RecordMetadata metadataOf(Future<RecordMetadata> future) {
    // The transaction committed, so every send of it has completed successfully.
    try {
      return future.get(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading a committed send's metadata", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a committed send has no metadata: " + e, e);
    }
  }

  private void fatal(Throwable e) {
    failure = e;
    running = false;
    log.error(
        "webhook ledger: the transactional producer of {} failed for good ({}); the bridge stops"
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
}
