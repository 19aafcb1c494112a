package dev.mlpipe.console;

import dev.mlpipe.console.sink.JdbcUrl;
import dev.mlpipe.console.sink.MetricsDatabase;
import dev.mlpipe.console.sink.MetricsSinkHandler;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.runtime.StageConfig;
import dev.mlpipe.events.runtime.StageHealth;
import dev.mlpipe.events.runtime.StageRuntime;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Starts the metrics sink: the {@code ml_metrics} table migrated, then a consumer of the events
 * that carry model metrics writing them there (see {@link dev.mlpipe.console.sink}).
 */
public final class MetricsSinkApp {

  /** The stage's name: its consumer group and the prefix of its transactional id. */
  public static final String NAME = "metrics-sink";

  /** The events whose metrics it writes. */
  public static final List<Topic<? extends SpecificRecord>> INPUTS =
      List.of(Topics.TRAINING_FINISHED, Topics.MODEL_DEPLOYED);

  private MetricsSinkApp() {}

  /**
   * Starts the sink against the database at {@code url}.
   *
   * @throws dev.mlpipe.console.sink.MetricsDatabaseException when the database cannot be used, with
   *     a one-line message naming the URL without its password
   * @throws IllegalArgumentException when {@code url} is not a PostgreSQL JDBC URL
   */
  public static RunningStage start(StageEnvironment env, String url) {
    MetricsDatabase database = MetricsDatabase.open(new JdbcUrl(url));
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    try {
      EventSerdes serdes = new EventSerdes(registry);
      Deserializer<SpecificRecord> inputs =
          (topic, data) -> serdes.decoder(Topics.require(topic)).decode(topic, -1, -1L, data);
      StageConfig config =
          StageConfig.of(NAME, env.bootstrapServers(), INPUTS.stream().map(Topic::name).toList())
              .withInstanceId(env.instanceId().toLowerCase(Locale.ROOT))
              .withPolling(100, Duration.ofMinutes(5));
      StageRuntime<SpecificRecord, SpecificRecord> runtime =
          new StageRuntime<>(
              config,
              inputs,
              new AvroWireSerializer<SpecificRecord>(registry, serdes.config()),
              new MetricsSinkHandler(database),
              Metrics.globalRegistry);
      runtime.start();
      return RunningStages.of(
          NAME,
          Map.of(),
          () -> runtime.health() == StageHealth.STARTING || runtime.health() == StageHealth.RUNNING,
          runtime,
          database,
          registry);
    } catch (RuntimeException e) {
      database.close();
      registry.close();
      throw e;
    }
  }
}
