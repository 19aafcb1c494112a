package dev.mlpipe.deployer.serving;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link FeedbackJoin} from {@code mlpipe.prediction-logged} and {@code mlpipe.feedback},
 * every partition, without a consumer group: each deployer instance joins every instance's
 * predictions, so the instance that owns a model's rollout judges its canary on all of them. At
 * start it reads both topics from a lookback before now (the longest a rollout lasts), so a
 * restarted or newly assigned instance rebuilds the online quality of the canaries in flight
 * instead of starting from nothing. It starts once serving has loaded the deployed versions (a
 * recommendation's error needs its version's factors). A record that cannot be decoded is skipped
 * with a log line: feedback only informs the canary.
 */
public final class FeedbackFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FeedbackFollower.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<FeedbackReceived> feedbackDecoder;
  private final Deserializer<PredictionLogged> predictionDecoder;
  private final FeedbackJoin join;
  private final BooleanSupplier routesLoaded;
  private final Clock clock;
  private final Duration lookback;
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean caughtUp;

  /**
   * @param consumer a read_committed byte consumer without a group, owned by the follower
   * @param routesLoaded whether serving has loaded the deployed versions; reading waits for it
   * @param lookback how far before the start both topics are read again
   */
  public FeedbackFollower(
      Consumer<byte[], byte[]> consumer,
      EventSerdes serdes,
      FeedbackJoin join,
      BooleanSupplier routesLoaded,
      Clock clock,
      Duration lookback) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.feedbackDecoder = serdes.valueDeserializer(Topics.FEEDBACK);
    this.predictionDecoder = serdes.valueDeserializer(Topics.PREDICTION_LOGGED);
    this.join = Objects.requireNonNull(join, "join");
    this.routesLoaded = Objects.requireNonNull(routesLoaded, "routesLoaded");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lookback = Objects.requireNonNull(lookback, "lookback");
    this.thread = new Thread(this::run, "mlpipe-serving-feedback");
    thread.setDaemon(true);
  }

  public FeedbackFollower start() {
    thread.start();
    return this;
  }

  /** Whether it has read both topics up to where they ended when it started reading. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  private void run() {
    try {
      while (!closing && !routesLoaded.getAsBoolean()) {
        Thread.sleep(100);
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.PREDICTION_LOGGED.name(), Topics.FEEDBACK.name())) {
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      consumer.assign(partitions);
      long from = clock.millis() - lookback.toMillis();
      Map<TopicPartition, Long> at = new HashMap<>();
      partitions.forEach(p -> at.put(p, from));
      Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      offsets.forEach(
          (p, offset) -> consumer.seek(p, offset == null ? end.get(p) : offset.offset()));
      log.info("serving joins feedback from {} ms back", lookback.toMillis());
      while (!closing) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            if (r.topic().equals(Topics.FEEDBACK.name())) {
              join.join(feedbackDecoder.deserialize(r.topic(), r.value()));
            } else {
              join.remember(predictionDecoder.deserialize(r.topic(), r.value()));
            }
          } catch (RuntimeException e) {
            log.warn(
                "{}-{}@{} skipped by the feedback join: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.toString());
          }
        }
        if (!caughtUp && reached(end)) {
          caughtUp = true;
          log.info("serving's feedback join caught up with the topics");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } catch (KafkaException e) {
      log.error("serving stopped joining feedback: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
