package dev.mlpipe.deployer.stream;

import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.serving.FeedbackErrors;
import dev.mlpipe.deployer.serving.ServingMetrics;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The deployer's topology: two sources, the rollout processor with its store, three sinks. */
public final class RolloutTopology {

  static final String STORE = "rollouts";
  static final String MODEL_DEPLOYED_SINK = "model-deployed-sink";
  static final String ROLLED_BACK_SINK = "rolled-back-sink";
  static final String DEPLOYMENT_FAILED_SINK = "deployment-failed-sink";
  private static final String PROCESSOR = "rollout";

  private RolloutTopology() {}

  /**
   * The topology.
   *
   * @param metrics what serving served, per version
   * @param feedback the feedback joined to each version's predictions
   * @param tick how often due canary checks are looked for (wall-clock)
   */
  public static Topology build(
      EventSerdes serdes,
      RolloutController controller,
      ArtifactCheck check,
      ServingMetrics metrics,
      FeedbackErrors feedback,
      Clock clock,
      Duration tick) {
    WindowTracker windows = new WindowTracker(metrics, feedback);
    Topology topology = new Topology();
    topology.addSource(
        "validation-passed-source",
        EventSerdes.keyDeserializer(),
        serdes.valueDeserializer(Topics.VALIDATION_PASSED),
        Topics.VALIDATION_PASSED.name());
    topology.addSource(
        "commands-source",
        EventSerdes.keyDeserializer(),
        serdes.valueDeserializer(Topics.COMMANDS),
        Topics.COMMANDS.name());
    topology.addProcessor(
        PROCESSOR,
        () -> new RolloutProcessor(controller, check, windows, clock, tick),
        "validation-passed-source",
        "commands-source");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
        PROCESSOR);
    topology.addSink(
        MODEL_DEPLOYED_SINK,
        Topics.MODEL_DEPLOYED.name(),
        EventSerdes.keySerializer(),
        serdes.valueSerializer(Topics.MODEL_DEPLOYED),
        PROCESSOR);
    topology.addSink(
        ROLLED_BACK_SINK,
        Topics.ROLLED_BACK.name(),
        EventSerdes.keySerializer(),
        serdes.valueSerializer(Topics.ROLLED_BACK),
        PROCESSOR);
    topology.addSink(
        DEPLOYMENT_FAILED_SINK,
        Topics.DEPLOYMENT_FAILED.name(),
        EventSerdes.keySerializer(),
        serdes.valueSerializer(Topics.DEPLOYMENT_FAILED),
        PROCESSOR);
    return topology;
  }
}
