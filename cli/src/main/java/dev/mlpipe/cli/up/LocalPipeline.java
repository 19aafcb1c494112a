package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.registry.server.KafkaSchemaStore;
import dev.mlpipe.events.registry.server.RegistryServerConfig;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code mlpipe up} runs in one process: the embedded broker, the embedded schema
 * registry (its state in the broker's {@code _schemas} topic), the pipeline's topics and their
 * registered schemas. Closing it stops them in reverse order.
 */
public final class LocalPipeline implements AutoCloseable {

  /**
   * Where and on which ports the local pipeline runs.
   *
   * @param dataDir kept between runs: the broker's log lives in {@code dataDir/kafka}
   * @param kafkaPort Kafka's client port on 127.0.0.1, 0 for any free port
   * @param registryPort the registry's port on 127.0.0.1, 0 for any free port
   */
  public record Settings(Path dataDir, int kafkaPort, int registryPort) {
    public Settings {
      Objects.requireNonNull(dataDir, "dataDir");
      requirePort("--kafka-port", kafkaPort);
      requirePort("--registry-port", registryPort);
    }
  }

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;

  private LocalPipeline(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts the broker, the registry and the topics; returns when all are ready. */
  public static LocalPipeline start(Settings settings) {
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            settings.dataDir().resolve("kafka"), settings.kafkaPort(), false, Map.of());
    try {
      try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
        topics.createCatalogue();
      }
      EmbeddedSchemaRegistry registry =
          EmbeddedSchemaRegistry.start(
              RegistryServerConfig.loopback().withPort(settings.registryPort()),
              KafkaSchemaStore.open(kafka.bootstrapServers()));
      try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url())) {
        new SchemaSetup(client).registerCatalogue();
      } catch (RuntimeException e) {
        registry.close();
        throw e;
      }
      return new LocalPipeline(kafka, registry);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** Kafka's bootstrap servers. */
  public String bootstrap() {
    return kafka.bootstrapServers();
  }

  /** The schema registry's URL. */
  public URI registryUrl() {
    return URI.create(registry.url());
  }

  /** The one line {@code up} prints when everything is ready. */
  public String readyLine() {
    return "mlpipe ready: kafka=" + bootstrap() + " registry=" + registry.url();
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      kafka.close();
    }
  }

  /** Fails with a clear message when a fixed port is already taken. */
  static void checkPortFree(String option, int port) {
    requirePort(option, port);
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new UserError(
          option
              + " "
              + port
              + ": the port is in use (another `mlpipe up`?); stop it, or pass "
              + option
              + " 0 to use any free port");
    }
  }

  private static void requirePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new UserError(option + " must be 0-65535 (0 = any free port), was " + port, 2, null);
    }
  }
}
