package dev.mlpipe.deployer.serving;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.FeedbackReceived;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code mlpipe.feedback} from its end at start (no consumer group: every serving instance
 * joins the feedback on its own predictions) and hands each record to the {@link FeedbackJoin}. A
 * record that cannot be decoded is skipped with a log line: feedback only informs the canary.
 */
public final class FeedbackFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FeedbackFollower.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<FeedbackReceived> decoder;
  private final FeedbackJoin join;
  private final Thread thread;
  private volatile boolean closing;

  /**
   * @param consumer a read_committed byte consumer without a group, owned by the follower
   */
  public FeedbackFollower(
      Consumer<byte[], byte[]> consumer, EventSerdes serdes, FeedbackJoin join) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.decoder = serdes.valueDeserializer(Topics.FEEDBACK);
    this.join = Objects.requireNonNull(join, "join");
    this.thread = new Thread(this::run, "mlpipe-serving-feedback");
    thread.setDaemon(true);
  }

  public FeedbackFollower start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.FEEDBACK.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (!closing) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            join.join(decoder.deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            log.warn(
                "feedback {}-{}@{} skipped: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.toString());
          }
        }
      }
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
