package dev.mlpipe.console.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which run of each model the deployer holds waiting for approval, read from the deployer's own
 * rollout state ({@link Topics#DEPLOYER_ROLLOUT_STATE}) rather than guessed from the events: a
 * version queued behind another rollout, or one the deployer has already let go on, is then not
 * offered for approval. Models the state topic says nothing about are not in {@link #snapshot()}.
 */
public final class RolloutWaits implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RolloutWaits.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LOOK_FOR_TOPIC = Duration.ofSeconds(5);

  /** The rollout the deployer holds for approval. */
  public record Waiting(String version, String runId) {
    public Waiting {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(runId, "runId");
    }
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Optional<Waiting>> byModel = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private RolloutWaits(KafkaConsumer<String, byte[]> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::loop, "mlpipe-console-rollout-state");
    this.thread.setDaemon(true);
  }

  /** Starts reading the deployer's state from its beginning (it is compacted). */
  public static RolloutWaits start(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-console-rollouts-" + UUID.randomUUID());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    RolloutWaits waits =
        new RolloutWaits(
            new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
    waits.thread.start();
    return waits;
  }

  /** Per model the deployer's state names: the run waiting for approval, or empty when none. */
  public Map<String, Optional<Waiting>> snapshot() {
    return Map.copyOf(byModel);
  }

  /**
   * The rollout waiting for approval in one state record of the deployer: its active rollout when
   * that is in phase {@code AWAITING_APPROVAL}, else empty (a queued rollout cannot be approved
   * until it becomes the active one).
   *
   * @throws IOException when the value is not the deployer's JSON
   */
  public static Optional<Waiting> waitingIn(byte[] state) throws IOException {
    JsonNode active = JSON.readTree(state).path("active");
    if (active.path("phase").asText().equals("AWAITING_APPROVAL")
        && active.hasNonNull("version")
        && active.hasNonNull("runId")) {
      return Optional.of(new Waiting(active.get("version").asText(), active.get("runId").asText()));
    }
    return Optional.empty();
  }

  private void loop() {
    try {
      while (running.get() && !assign()) {
        Thread.sleep(LOOK_FOR_TOPIC.toMillis());
      }
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          take(record);
        }
      }
    } catch (WakeupException e) {
      log.debug("rollout state reader woken up to close");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("the console stopped reading the deployer's rollout state: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private boolean assign() {
    List<PartitionInfo> partitions =
        consumer.listTopics(Duration.ofSeconds(10)).get(Topics.DEPLOYER_ROLLOUT_STATE);
    if (partitions == null || partitions.isEmpty()) {
      return false;
    }
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    log.info("console reads the deployer's rollout state from {}", Topics.DEPLOYER_ROLLOUT_STATE);
    return true;
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      byModel.remove(record.key());
      return;
    }
    try {
      byModel.put(record.key(), waitingIn(record.value()));
    } catch (IOException e) {
      log.warn(
          "deployer rollout state of {} at offset {} is not the JSON expected: {}",
          record.key(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
