package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.schemas.ModelDeployed;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the gatekeeper's topology.
 *
 * <pre>
 *   mlpipe.model-deployed --champion-deployments--&gt; stores "production-versions", "champion-of-model"
 *   mlpipe.rolled-back    --champion-rollbacks----&gt; store "champion-of-model"
 *   mlpipe.training-finished --judge (champion-of-model, verdicts)
 *       --passed--&gt; mlpipe.validation-passed
 *       --failed--&gt; mlpipe.validation-failed
 * </pre>
 *
 * All three inputs are keyed by model name with the same partition count, so one task holds a
 * model's champion, its production history and its verdicts, and the judge reads the champion as
 * the events before the candidate (in timestamp order) left it.
 */
public final class GatekeeperTopology {

  /** Model name to the ModelDeployed that made its current champion. */
  public static final String CHAMPIONS_STORE = "champion-of-model";

  /** {@code model@version} to that version's last production ModelDeployed, for rollbacks. */
  public static final String PRODUCTION_STORE = "production-versions";

  /** {@code model@version} to the outcome, eventId and issue time of the verdict issued for it. */
  public static final String VERDICTS_STORE = "verdicts";

  /** How long an issued verdict is remembered to ignore copies of its TrainingFinished. */
  public static final Duration DEFAULT_VERDICT_RETENTION = Duration.ofDays(7);

  private GatekeeperTopology() {}

  public static Topology build(EventSerdes serdes, Gate gate) {
    return build(serdes, gate, DEFAULT_VERDICT_RETENTION);
  }

  /**
   * @param verdictRetention how long a verdict is remembered so that a copy of its TrainingFinished
   *     yields no second verdict
   */
  public static Topology build(EventSerdes serdes, Gate gate, Duration verdictRetention) {
    Objects.requireNonNull(verdictRetention, "verdictRetention");
    if (verdictRetention.isNegative() || verdictRetention.isZero()) {
      throw new IllegalArgumentException(
          "verdictRetention " + verdictRetention + " must be positive");
    }
    Serde<String> keys = Serdes.String();
    Serde<ModelDeployed> deployedSerde = serdes.valueSerde(Topics.MODEL_DEPLOYED);
    StreamsBuilder builder = new StreamsBuilder();

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CHAMPIONS_STORE), keys, deployedSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PRODUCTION_STORE), keys, deployedSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VERDICTS_STORE), keys, Serdes.String()));

    builder.stream(Topics.MODEL_DEPLOYED.name(), Consumed.with(keys, deployedSerde))
        .process(
            ChampionProcessors.Deployments::new,
            Named.as("champion-deployments"),
            CHAMPIONS_STORE,
            PRODUCTION_STORE);
    builder.stream(
            Topics.ROLLED_BACK.name(), Consumed.with(keys, serdes.valueSerde(Topics.ROLLED_BACK)))
        .process(
            ChampionProcessors.Rollbacks::new,
            Named.as("champion-rollbacks"),
            CHAMPIONS_STORE,
            PRODUCTION_STORE);

    KStream<String, Verdict> verdicts =
        builder.stream(
                Topics.TRAINING_FINISHED.name(),
                Consumed.with(keys, serdes.valueSerde(Topics.TRAINING_FINISHED)))
            .process(
                () -> new JudgeProcessor(gate, verdictRetention),
                Named.as("judge"),
                VERDICTS_STORE,
                CHAMPIONS_STORE);

    verdicts
        .split(Named.as("verdict-"))
        .branch(
            (model, verdict) -> verdict.passed(),
            Branched.withConsumer(
                passed ->
                    passed
                        .mapValues(v -> ((Verdict.Passed) v).event(), Named.as("passed-event"))
                        .to(
                            Topics.VALIDATION_PASSED.name(),
                            Produced.with(keys, serdes.valueSerde(Topics.VALIDATION_PASSED))),
                "passed"))
        .defaultBranch(
            Branched.withConsumer(
                failed ->
                    failed
                        .mapValues(v -> ((Verdict.Failed) v).event(), Named.as("failed-event"))
                        .to(
                            Topics.VALIDATION_FAILED.name(),
                            Produced.with(keys, serdes.valueSerde(Topics.VALIDATION_FAILED))),
                "failed"));
    return builder.build();
  }
}
