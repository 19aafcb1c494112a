package dev.mlpipe.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.drift.alert.AlertConsumer;
import dev.mlpipe.drift.alert.AlertDelivery;
import dev.mlpipe.drift.alert.AlertSettings;
import dev.mlpipe.drift.alert.AlertSink;
import dev.mlpipe.drift.alert.DeliveredEvents;
import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.topology.DriftTopology;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.RegistryClientConfig;
import dev.mlpipe.events.runtime.FailurePolicy;
import dev.mlpipe.events.runtime.StreamsStageConfig;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.stage.StreamsStage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the drift monitor: configuration, schema registry, topology, Kafka Streams. */
public final class DriftMonitorApp {

  /** The stage's name: its Streams application id, consumer group and config section. */
  public static final String STAGE = "drift-monitor";

  /** The consumer group that reads the events alerts are made of. */
  public static final String ALERTS_GROUP = STAGE + "-alerts";

  /** Which events each alert sink already got, in the alerts' stage directory. */
  public static final String DELIVERED_FILE = "delivered-events.tsv";

  private static final int REMEMBERED_EVENTS = 10_000;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(DriftMonitorApp.class);

  private DriftMonitorApp() {}

  /** Starts the stage in {@code env} and returns once Kafka Streams is started. */
  public static RunningStage start(StageEnvironment env) {
    return start(env, PipelineConfig.load(env.environment()));
  }

  /** Starts the stage with an already loaded configuration. */
  public static RunningStage start(StageEnvironment env, PipelineConfig config) {
    DriftMonitorSettings settings = settings(config);
    StreamsStageConfig streamsConfig =
        new StreamsStageConfig(
            STAGE,
            env.bootstrapServers(),
            env.stageDir(STAGE),
            DriftTopology.COMMIT_INTERVAL,
            config.integer("topics.replication-factor", 1, 32),
            failurePolicy(config),
            streamsProperties(config));
    HttpSchemaRegistryClient registry =
        new HttpSchemaRegistryClient(RegistryClientConfig.of(env.registryUrl()));
    EventMetas metas =
        new EventMetas(EventMetas.producerName(STAGE, env.instanceId()), Clock.systemUTC());
    EventSerdes serdes = new EventSerdes(registry);
    KafkaStreams streams =
        new KafkaStreams(
            DriftTopology.build(serdes, settings, metas), streamsConfig.toProperties());
    List<AlertSink> sinks = alertSettings(config).sinks();
    AlertDelivery delivery =
        new AlertDelivery(
            sinks,
            AlertDelivery.RetryPolicy.DEFAULT,
            AlertDelivery.realSleeper(),
            1_000,
            // Beside the Streams state, not in it: which alerts went out outlives a restart, so
            // events the alert consumer re-reads are not sent twice.
            sinks.isEmpty()
                ? DeliveredEvents.inMemory(1)
                : DeliveredEvents.file(
                    env.stageDir(ALERTS_GROUP).resolve(DELIVERED_FILE), REMEMBERED_EVENTS));
    AlertConsumer alerts =
        sinks.isEmpty()
            ? null
            : new AlertConsumer(
                env.bootstrapServers(), ALERTS_GROUP, kafka(config), serdes, delivery);
    List<AutoCloseable> resources = new ArrayList<>();
    if (alerts != null) {
      resources.add(alerts);
    }
    resources.add(delivery);
    resources.add(registry);
    StreamsStage stage =
        StreamsStage.start(
            STAGE, streams, () -> RunningStages.closeAll(STAGE, resources), START_TIMEOUT);
    log.info(
        "drift monitor alerts: {}",
        sinks.isEmpty() ? "none configured" : sinks.stream().map(AlertSink::name).toList());
    log.info(
        "drift monitor started: windows={} {} thresholds={} instance={}",
        settings.window(),
        settings.window().equals("time") ? settings.windowDuration() : settings.windowCount(),
        settings.thresholds(),
        env.instanceId());
    return stage;
  }

  /**
   * The {@code drift-monitor} section; a bad value fails naming the key and why. A configuration
   * without the section (written before the drift monitor existed) gets the defaults.
   */
  public static DriftMonitorSettings settings(PipelineConfig config) {
    if (config.section(STAGE).isEmpty()) {
      log.warn(
          "configuration {} has no drift-monitor section; using the defaults of config/base.yaml",
          config.environment());
      return DriftMonitorSettings.DEFAULTS;
    }
    return config.section(STAGE, DriftMonitorSettings.class);
  }

  /** The {@code alerts} section; none when the configuration has no such section. */
  static AlertSettings alertSettings(PipelineConfig config) {
    if (config.section("alerts").isEmpty()) {
      return AlertSettings.NONE;
    }
    return config.section("alerts", AlertSettings.class);
  }

  private static FailurePolicy failurePolicy(PipelineConfig config) {
    JsonNode section = config.section("failure-policy");
    String key = section.has(STAGE) ? "failure-policy." + STAGE : "failure-policy.default";
    String value = config.oneOf(key, List.of("DEAD_LETTER", "LOG_AND_SKIP", "FAIL"));
    return FailurePolicy.valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The topology's own Streams properties, then the configuration's kafka section over them. */
  private static Map<String, String> streamsProperties(PipelineConfig config) {
    Map<String, String> properties = new LinkedHashMap<>(DriftTopology.STREAMS_PROPERTIES);
    properties.putAll(kafka(config));
    return properties;
  }

  private static Map<String, String> kafka(PipelineConfig config) {
    Map<String, String> properties = new LinkedHashMap<>();
    config
        .section("kafka")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    return properties;
  }
}
