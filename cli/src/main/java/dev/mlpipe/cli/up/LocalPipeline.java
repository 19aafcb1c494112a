package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.stage.PipelineStages;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.metrics.ProcessMetrics;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.registry.server.KafkaSchemaStore;
import dev.mlpipe.events.registry.server.RegistryServerConfig;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code mlpipe up} runs in one process: the embedded broker, the embedded schema
 * registry (its state in the broker's {@code _schemas} topic), the pipeline's topics and their
 * registered schemas, then every stage of {@link PipelineStages#ALL}. Closing it stops them in
 * reverse order.
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

  /** The configuration environment the stages of a local pipeline run with. */
  public static final String ENVIRONMENT = "dev";

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;
  private final Path dataDir;
  private final List<RunningStage> stages = new ArrayList<>();

  private LocalPipeline(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Path dataDir) {
    this.kafka = kafka;
    this.registry = registry;
    this.dataDir = dataDir;
  }

  /** Starts the broker, the registry, the topics and every stage; returns when all are ready. */
  public static LocalPipeline start(Settings settings) {
    return start(settings, PipelineStages.ALL);
  }

  /** Starts the broker, the registry, the topics and the given stages. */
  public static LocalPipeline start(Settings settings, List<PipelineStages.Entry> stages) {
    ProcessMetrics.registry(); // before the stages count anything; the console's /metrics shows it
    LocalPipeline pipeline = startInfrastructure(settings);
    try {
      StageEnvironment env = pipeline.stageEnvironment();
      for (PipelineStages.Entry entry : stages) {
        pipeline.stages.add(entry.launcher().start(env));
      }
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private static LocalPipeline startInfrastructure(Settings settings) {
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
      return new LocalPipeline(kafka, registry, settings.dataDir());
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

  /** What a stage of this pipeline is started with. */
  public StageEnvironment stageEnvironment() {
    return new StageEnvironment(
        bootstrap(), registryUrl(), dataDir.toAbsolutePath(), ENVIRONMENT, "local");
  }

  /** The running stages, in start order. */
  public List<RunningStage> stages() {
    return Collections.unmodifiableList(stages);
  }

  /** The one line {@code up} prints when everything is ready. */
  public String readyLine() {
    StringBuilder line =
        new StringBuilder("mlpipe ready: kafka=")
            .append(bootstrap())
            .append(" registry=")
            .append(registry.url());
    for (RunningStage stage : stages) {
      for (Map.Entry<String, String> endpoint : stage.endpoints().entrySet()) {
        line.append(' ').append(endpoint.getKey()).append('=').append(endpoint.getValue());
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = stages.size() - 1; i >= 0; i--) {
      try {
        stages.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    stages.clear();
    try {
      registry.close();
    } finally {
      kafka.close();
    }
    if (failure != null) {
      throw failure;
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
