package dev.mlpipe.drift.alert;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the events that alert (DriftDetected and the failure events) in a consumer group of its own
 * and hands them to an {@link AlertDelivery}. At least once: offsets are committed after the alerts
 * are queued; the delivery's dedup by eventId absorbs redeliveries within a process.
 */
public final class AlertConsumer implements AutoCloseable {

  /** The topics whose events become alerts. */
  public static final List<Topic<? extends SpecificRecord>> TOPICS =
      List.of(
          Topics.DRIFT_DETECTED,
          Topics.TRAINING_FAILED,
          Topics.VALIDATION_FAILED,
          Topics.DEPLOYMENT_FAILED,
          Topics.ROLLED_BACK);

  private static final Logger log = LoggerFactory.getLogger(AlertConsumer.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventSerdes serdes;
  private final AlertDelivery delivery;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * Starts consuming.
   *
   * @param bootstrapServers Kafka
   * @param groupId the consumer group, e.g. {@code drift-monitor-alerts}
   * @param kafka further client properties
   * @param serdes decodes the events
   * @param delivery where the alerts go
   */
  public AlertConsumer(
      String bootstrapServers,
      String groupId,
      Map<String, String> kafka,
      EventSerdes serdes,
      AlertDelivery delivery) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer =
        new KafkaConsumer<>(props, EventSerdes.keyDeserializer(), new ByteArrayDeserializer());
    this.serdes = serdes;
    this.delivery = delivery;
    consumer.subscribe(TOPICS.stream().map(Topic::name).toList());
    this.thread = new Thread(this::run, "mlpipe-alert-consumer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          handle(record);
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    Topic<? extends SpecificRecord> topic = Topics.require(record.topic());
    try {
      SpecificRecord event =
          serdes.valueDeserializer(topic).deserialize(record.topic(), record.value());
      delivery.submit(Alert.of(event));
    } catch (RuntimeException e) {
      // An alert is not worth stopping for: name the record so an operator can look at it.
      log.error(
          "no alert for {}-{}@{}: the event could not be read ({}: {})",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getClass().getSimpleName(),
          e.getMessage());
    }
  }

  /** True while the consumer thread runs. */
  public boolean isRunning() {
    return thread.isAlive();
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
