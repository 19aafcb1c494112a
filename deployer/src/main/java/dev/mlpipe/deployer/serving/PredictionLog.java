package dev.mlpipe.deployer.serving;

import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes served predictions to {@code mlpipe.prediction-logged} without ever holding up a
 * request: requests only offer to a bounded buffer, one thread drains it into the producer. When
 * the buffer is full (Kafka away or slow) the prediction is dropped and counted ({@code
 * mlpipe.serving.predictions.dropped}), as are sends that fail.
 */
public final class PredictionLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);

  private final String topic;
  private final Producer<String, PredictionLogged> producer;
  private final BlockingQueue<PredictionLogged> buffer;
  private final Counter dropped;
  private final Counter sent;
  private final Thread drainer;
  private final java.util.function.Consumer<PredictionLogged> drained;
  private volatile boolean closing;

  /**
   * @param topic the prediction-logged topic
   * @param producer a non-transactional producer, owned (closed) by this log
   * @param capacity predictions the buffer holds before it drops
   * @param meters where the counters go
   */
  public PredictionLog(
      String topic,
      Producer<String, PredictionLogged> producer,
      int capacity,
      MeterRegistry meters) {
    this(topic, producer, capacity, meters, p -> {});
  }

  /**
   * A log that also hands each prediction it drains to {@code drained}, on its own thread, never on
   * a request's (e.g. to remember it for joining feedback).
   */
  public PredictionLog(
      String topic,
      Producer<String, PredictionLogged> producer,
      int capacity,
      MeterRegistry meters,
      java.util.function.Consumer<PredictionLogged> drained) {
    this.drained = Objects.requireNonNull(drained, "drained");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.producer = Objects.requireNonNull(producer, "producer");
    if (capacity < 1) {
      throw new IllegalArgumentException("prediction log capacity must be >= 1, was " + capacity);
    }
    this.buffer = new ArrayBlockingQueue<>(capacity);
    this.dropped =
        Counter.builder("mlpipe.serving.predictions.dropped")
            .description("predictions not logged: buffer full or send failed")
            .register(meters);
    this.sent =
        Counter.builder("mlpipe.serving.predictions.logged")
            .description("predictions handed to Kafka")
            .register(meters);
    this.drainer = new Thread(this::drain, "mlpipe-prediction-log");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Logs the prediction if the buffer has room; never blocks. */
  public void offer(PredictionLogged prediction) {
    if (closing || !buffer.offer(prediction)) {
      dropped.increment();
    }
  }

  /** Predictions dropped so far. */
  public double droppedCount() {
    return dropped.count();
  }

  private void drain() {
    List<PredictionLogged> batch = new ArrayList<>();
    while (!closing || !buffer.isEmpty()) {
      try {
        PredictionLogged first = buffer.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        buffer.drainTo(batch, 999);
        for (PredictionLogged p : batch) {
          drained.accept(p);
          producer.send(
              new ProducerRecord<>(topic, p.getModel(), p),
              (metadata, error) -> {
                if (error != null) {
                  dropped.increment();
                  log.debug("prediction {} not logged: {}", p.getPredictionId(), error.toString());
                } else {
                  sent.increment();
                }
              });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (KafkaException e) {
        dropped.increment(batch.size());
        log.warn("{} predictions not logged: {}", batch.size(), e.toString());
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      drainer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
