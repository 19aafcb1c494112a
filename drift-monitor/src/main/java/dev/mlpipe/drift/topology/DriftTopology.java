package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The drift monitor's topology.
 *
 * <p>training-finished has fewer partitions than prediction-logged, so its records are first
 * repartitioned to prediction-logged's count: then a model's reference and its predictions land in
 * the same task and share its state stores (keys are model names on both, hashed alike).
 */
public final class DriftTopology {

  static final String REFERENCES_STORE = "drift-references";
  static final String WINDOWS_STORE = "drift-windows";
  static final String PUBLISHED_STORE = "drift-published";

  private DriftTopology() {}

  /**
   * The topology.
   *
   * @param serdes the event serdes over the schema registry
   * @param settings windows, thresholds and sketch sizes
   * @param metas signs the DriftDetected events
   */
  public static Topology build(
      EventSerdes serdes, DriftMonitorSettings settings, EventMetas metas) {
    Objects.requireNonNull(serdes, "serdes");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(metas, "metas");
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(REFERENCES_STORE),
            Serdes.String(),
            serdes.valueSerde(Topics.TRAINING_FINISHED)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(WINDOWS_STORE), Serdes.String(), OpenWindow.serde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PUBLISHED_STORE), Serdes.String(), Serdes.Long()));

    builder.stream(
            Topics.TRAINING_FINISHED.name(),
            Consumed.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.TRAINING_FINISHED)))
        .repartition(
            Repartitioned.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.TRAINING_FINISHED))
                .withName("references")
                .withNumberOfPartitions(Topics.PREDICTION_LOGGED.partitions()))
        .process(ReferenceProcessor::new, REFERENCES_STORE);

    builder.stream(
            Topics.PREDICTION_LOGGED.name(),
            Consumed.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.PREDICTION_LOGGED)))
        .process(
            () -> new WindowProcessor(settings, metas),
            WINDOWS_STORE,
            REFERENCES_STORE,
            PUBLISHED_STORE)
        .to(
            Topics.DRIFT_DETECTED.name(),
            Produced.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.DRIFT_DETECTED)));
    return builder.build();
  }
}
