package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PredictionLogTest {

  private static final PredictionLogged PREDICTION = SampleEvents.predictionLogged();

  /** A producer whose send hangs until released, as when the broker is away. */
  private static final class StuckProducer extends MockProducer<String, PredictionLogged> {
    final CountDownLatch release = new CountDownLatch(1);

    StuckProducer() {
      super(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<String, PredictionLogged> record, Callback callback) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.send(record, callback);
    }
  }

  @Test
  void shouldHandEveryPredictionToKafkaWhenItKeepsUp() {
    MockProducer<String, PredictionLogged> producer =
        new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    try (PredictionLog log =
        new PredictionLog(
            Topics.PREDICTION_LOGGED.name(), producer, 100, new SimpleMeterRegistry())) {
      for (int i = 0; i < 50; i++) {
        log.offer(PREDICTION);
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 50);
      assertThat(producer.history().get(0).key()).isEqualTo(PREDICTION.getModel());
      assertThat(log.droppedCount()).isZero();
    }
  }

  @Test
  void shouldDropAndCountRatherThanWaitWhenKafkaIsStuck() {
    StuckProducer producer = new StuckProducer();
    PredictionLog log =
        new PredictionLog(Topics.PREDICTION_LOGGED.name(), producer, 10, new SimpleMeterRegistry());
    try {
      // The producer is stuck until the finally block: these offers return only if none waits.
      for (int i = 0; i < 1_000; i++) {
        log.offer(PREDICTION);
      }

      // At most 21 are accepted: the drainer, stuck in send, holds the record it polled plus the
      // batch it drained (up to the capacity of 10), and the buffer fills up again (10 more).
      assertThat(log.droppedCount()).isGreaterThanOrEqualTo(1_000 - 21);
    } finally {
      producer.release.countDown();
      log.close();
    }
  }
}
