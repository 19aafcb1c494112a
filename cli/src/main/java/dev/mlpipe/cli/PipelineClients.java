package dev.mlpipe.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients a CLI command needs, configured the same way everywhere: short timeouts so an
 * unreachable broker is reported in seconds, {@code read_committed} so a watcher sees only what the
 * stages committed, and {@code acks=all} with idempotence for everything published.
 */
public final class PipelineClients {

  private static final Duration API_TIMEOUT = Duration.ofSeconds(10);

  private final String bootstrap;

  public PipelineClients(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** The bootstrap servers these clients use. */
  public String bootstrap() {
    return bootstrap;
  }

  /** An admin client. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mlpipe-cli-admin");
    return Admin.create(config);
  }

  /** A consumer outside any group (assign only), reading committed records as raw bytes. */
  public KafkaConsumer<String, byte[]> watcher() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-watch-" + UUID.randomUUID());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** An idempotent producer with {@code acks=all} that fails within seconds when Kafka is away. */
  public <V> KafkaProducer<String, V> publisher(Serializer<V> valueSerializer) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, API_TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis() * 2);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "mlpipe-cli-publish");
    return new KafkaProducer<>(config, new StringSerializer(), valueSerializer);
  }

  /** The one-line error for a broker that does not answer. */
  public UserError unreachable(Throwable cause) {
    return new UserError(
        "cannot reach Kafka at "
            + bootstrap
            + " (is `mlpipe up` running? point --bootstrap or MLPIPE_BOOTSTRAP at your cluster)",
        cause);
  }
}
