package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.gatekeeper.verdict.Gate;
import dev.mlpipe.gatekeeper.verdict.Verdict;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the gatekeeper's topology.
 *
 * <pre>
 *   mlpipe.model-deployed --filter(production, 100 %)--&gt; table "champions" (key: model)
 *   mlpipe.training-finished --leftJoin(champions)--&gt; judge (store "verdicts")
 *       --passed--&gt; mlpipe.validation-passed
 *       --failed--&gt; mlpipe.validation-failed
 * </pre>
 *
 * Both inputs are keyed by model name with the same partition count, so the join needs no
 * repartitioning.
 */
public final class GatekeeperTopology {

  /** Model name to the ModelDeployed that made its current champion. */
  public static final String CHAMPIONS_STORE = "champions";

  /** {@code model@version} to the outcome and eventId of the verdict issued for it. */
  public static final String VERDICTS_STORE = "verdicts";

  private GatekeeperTopology() {}

  public static Topology build(EventSerdes serdes, Gate gate) {
    Serde<String> keys = Serdes.String();
    Serde<ModelDeployed> deployedSerde = serdes.valueSerde(Topics.MODEL_DEPLOYED);
    StreamsBuilder builder = new StreamsBuilder();

    KTable<String, ModelDeployed> champions =
        builder.stream(Topics.MODEL_DEPLOYED.name(), Consumed.with(keys, deployedSerde))
            .filter(
                (model, deployed) ->
                    deployed.getEnvironment() == Environment.PRODUCTION
                        && deployed.getTrafficPercent() == 100,
                Named.as("production-at-100"))
            .toTable(
                Named.as("champion-table"),
                Materialized.<String, ModelDeployed, KeyValueStore<Bytes, byte[]>>as(
                        CHAMPIONS_STORE)
                    .withKeySerde(keys)
                    .withValueSerde(deployedSerde));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VERDICTS_STORE), keys, Serdes.String()));

    KStream<String, Verdict> verdicts =
        builder.stream(
                Topics.TRAINING_FINISHED.name(),
                Consumed.with(keys, serdes.valueSerde(Topics.TRAINING_FINISHED)))
            .leftJoin(champions, Candidate::new, Joined.as("with-champion"))
            .process(() -> new JudgeProcessor(gate), Named.as("judge"), VERDICTS_STORE);

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
