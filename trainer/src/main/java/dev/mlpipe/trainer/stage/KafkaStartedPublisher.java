package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.TrainingStarted;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes TrainingStarted with an idempotent, non-transactional producer: read-committed
 * consumers see it as soon as it is written, before the run's transaction commits. A failure to
 * publish it is logged and the run goes on: the notice is informational, the outcome is not.
 */
public final class KafkaStartedPublisher implements StartedPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaStartedPublisher.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaProducer<String, TrainingStarted> producer;

  /**
   * @param bootstrapServers Kafka
   * @param clientId the producer's client id
   * @param kafka pass-through Kafka properties
   * @param serializer TrainingStarted's value serializer
   */
  public KafkaStartedPublisher(
      String bootstrapServers,
      String clientId,
      Map<String, String> kafka,
      Serializer<TrainingStarted> serializer) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
  }

  @Override
  public void publish(TrainingStarted started) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.TRAINING_STARTED.name(), started.getModel().toString(), started))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn(
          "TrainingStarted of run {} (model {}) was not published, the run goes on: {}",
          started.getMeta().getRunId(),
          started.getModel(),
          e.toString(),
          e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
