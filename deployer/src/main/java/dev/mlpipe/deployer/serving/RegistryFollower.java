package dev.mlpipe.deployer.serving;

import dev.mlpipe.deployer.registry.ChainedRegistry;
import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.deployer.registry.ModelVersion;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactException;
import dev.mlpipe.schemas.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps serving in step with the deployment events: reads {@code mlpipe.model-deployed}, {@code
 * .rolled-back} and {@code .deployment-failed} from the beginning (committed records only, no
 * consumer group: every serving instance reads everything), folds them into the {@link
 * ModelRegistry} in the order of their hash chain ({@link ChainedRegistry}), and after each batch
 * gives every changed model the route its production traffic says (staging's while it has no
 * production version), loading the artifacts first; a version that cannot be loaded leaves the
 * model's route as it was.
 */
public final class RegistryFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryFollower.class);
  private static final List<Topic<? extends SpecificRecord>> TOPICS =
      List.of(Topics.MODEL_DEPLOYED, Topics.ROLLED_BACK, Topics.DEPLOYMENT_FAILED);
  private static final int STALLED_POLLS_BEFORE_FOLDING = 10;

  private final Consumer<byte[], byte[]> consumer;
  private final EventSerdes serdes;
  private final ModelLoader loader;
  private final Routes routes;
  private final ChainedRegistry chain = new ChainedRegistry();
  private final AtomicReference<ModelRegistry> registry =
      new AtomicReference<>(ModelRegistry.empty());
  private final Thread thread;
  private volatile Map<TopicPartition, Long> startEnd;
  private volatile boolean caughtUp;
  private volatile boolean failed;
  private volatile boolean closing;
  private int stalledPolls;
  private final Set<String> unloadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param consumer a read_committed byte consumer without a group, owned by the follower
   */
  public RegistryFollower(
      Consumer<byte[], byte[]> consumer, EventSerdes serdes, ModelLoader loader, Routes routes) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.serdes = Objects.requireNonNull(serdes, "serdes");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.thread = new Thread(this::run, "mlpipe-serving-follower");
  }

  public RegistryFollower start() {
    thread.start();
    return this;
  }

  /** The registry as folded so far. */
  public ModelRegistry registry() {
    return registry.get();
  }

  /** Whether it has read what the topics held when it started, and every route is loaded. */
  public boolean isReady() {
    return caughtUp && unloadable.isEmpty() && !failed;
  }

  /** Why it is not ready, for {@code /ready}. */
  public String notReadyReason() {
    if (failed) {
      return "the deployment event follower stopped on an error; see the log";
    }
    if (!caughtUp) {
      return "still reading the deployment events";
    }
    return "versions that cannot be loaded: " + unloadable;
  }

  /** Whether it has read the deployment events that were there at its start (and loaded them). */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  public boolean isAlive() {
    return !failed;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?> topic : TOPICS) {
        for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic.name(), p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      startEnd = consumer.endOffsets(partitions);
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        Set<String> changed = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          SpecificRecord event = decode(record);
          if (event != null) {
            changed.addAll(chain.offer(event));
          }
        }
        stalledPolls =
            records.isEmpty() && chain.waitingCount() > 0 && reachedStartEnd()
                ? stalledPolls + 1
                : 0;
        // A predecessor on another topic may just not be fetched yet: give it a few polls.
        if (stalledPolls >= STALLED_POLLS_BEFORE_FOLDING) {
          stalledPolls = 0;
          log.warn(
              "{} deployment events wait for a predecessor that is not in the topics; folding"
                  + " them in arrival order",
              chain.waitingCount());
          changed.addAll(chain.foldWaiting());
        }
        ModelRegistry next = chain.registry();
        registry.set(next);
        for (String model : changed) {
          next.find(model).ifPresent(this::route);
        }
        if (!caughtUp && reachedStartEnd()) {
          caughtUp = true;
          log.info("serving caught up with the deployment events: {} models", routes.all().size());
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        failed = true;
      }
    } catch (RuntimeException e) {
      failed = true;
      log.error("serving stopped following the deployment events: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private SpecificRecord decode(ConsumerRecord<byte[], byte[]> record) {
    Topic<? extends SpecificRecord> topic = Topics.require(record.topic());
    try {
      return serdes.valueDeserializer(topic).deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.warn(
          "serving skips the record at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return null;
    }
  }

  private boolean reachedStartEnd() {
    Map<TopicPartition, Long> end = startEnd;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void route(ModelHistory history) {
    Environment env =
        history.trafficIn(Environment.PRODUCTION).isEmpty()
            ? Environment.STAGING
            : Environment.PRODUCTION;
    Map<String, Integer> shares = history.trafficIn(env);
    if (shares.isEmpty()) {
      return;
    }
    Map<String, ServedModel> models = new HashMap<>();
    for (String version : shares.keySet()) {
      ModelVersion v = history.version(version).orElse(null);
      if (v == null) {
        continue;
      }
      String key = history.model() + "@" + version;
      try {
        models.put(version, loader.load(v.sha256(), v.uri()));
        unloadable.remove(key);
      } catch (ArtifactException | IllegalArgumentException e) {
        unloadable.add(key);
        log.error(
            "model {} version {} cannot be loaded for serving ({}); its route stays as it was",
            history.model(),
            version,
            e.getMessage());
        return;
      }
    }
    ModelVersion newest = history.newestServing(env).orElseThrow();
    int newestShare = shares.get(newest.version());
    ServedModel canary = newestShare < 100 ? models.get(newest.version()) : null;
    ServedModel stable =
        shares.entrySet().stream()
            .filter(e -> !e.getKey().equals(newest.version()) || newestShare == 100)
            .filter(e -> e.getValue() > 0)
            .map(e -> models.get(e.getKey()))
            .findFirst()
            .orElse(null);
    ModelRoute route =
        new ModelRoute(history.model(), stable, canary, canary == null ? 0 : newestShare);
    routes.put(route);
    log.info(
        "serving {}: stable {}, canary {} at {} % ({})",
        history.model(),
        stable == null ? "-" : stable.version(),
        canary == null ? "-" : canary.version(),
        route.canaryPercent(),
        env);
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
