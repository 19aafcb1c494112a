package dev.mlpipe.gatekeeper;

import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.stage.StreamsStage;
import dev.mlpipe.gatekeeper.topology.GatekeeperTopology;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
import dev.mlpipe.models.artifact.ArtifactStore;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gatekeeper: configuration, registry, artifact store, topology, Kafka Streams. */
public final class GatekeeperApp {

  private static final Logger LOG = LoggerFactory.getLogger(GatekeeperApp.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private GatekeeperApp() {}

  /** Starts the gatekeeper with the environment's configuration ({@code config/<env>.yaml}). */
  public static RunningStage start(StageEnvironment env) {
    return start(env, GatekeeperConfig.from(PipelineConfig.load(env.environment()), env));
  }

  /** Starts the gatekeeper with the given configuration. */
  public static RunningStage start(StageEnvironment env, GatekeeperConfig config) {
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    Gate gate =
        new Gate(
            config.environmentPolicy(),
            new ArtifactVerifier(ArtifactStore.at(env.artifactDir())),
            new EventMetas(
                EventMetas.producerName(GatekeeperConfig.STAGE, env.instanceId()),
                Clock.systemUTC()));
    KafkaStreams streams =
        new KafkaStreams(
            GatekeeperTopology.build(new EventSerdes(registry), gate, config.verdictRetention()),
            config.streams().toProperties());
    LOG.info(
        "starting {} (environment {}, instance {}, artifacts {}, environment rules {}, verdict"
            + " retention {})",
        GatekeeperConfig.STAGE,
        env.environment(),
        env.instanceId(),
        env.artifactDir(),
        config.environmentRules(),
        config.verdictRetention());
    return StreamsStage.start(GatekeeperConfig.STAGE, streams, registry, START_TIMEOUT);
  }
}
