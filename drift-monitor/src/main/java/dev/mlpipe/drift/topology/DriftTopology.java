package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PredictionLogged;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The drift monitor's topology.
 *
 * <p>training-finished has fewer partitions than prediction-logged, so its records are first
 * repartitioned to prediction-logged's count: then a model's reference and its predictions land in
 * the same task and share its state stores (keys are model names on both, hashed alike). Feedback
 * has prediction-logged's partition count already, so it is joined to its prediction in the same
 * task too.
 */
public final class DriftTopology {

  static final String REFERENCES_STORE = "drift-references";
  static final String WINDOWS_STORE = "drift-windows";
  static final String PUBLISHED_STORE = "drift-published";
  static final String PENDING_STORE = "drift-pending-predictions";
  static final String PERFORMANCE_STORE = "drift-performance";

  /**
   * Streams properties the topology needs beyond the stage's shared ones; the stage's {@code
   * kafka.} settings may still override them.
   *
   * <p>{@code max.task.idle.ms = -1}: every task holds a prediction partition, a feedback partition
   * and a references partition, and the latter two are empty nearly always. With the default (0),
   * Kafka Streams 4.3.1 checks each empty partition's fetched lag before every record and formats a
   * log text for it with {@code String.format} even when it is not logged: two formats per
   * prediction, about half the stream thread's time in profiles. Disabled, a task processes what it
   * has buffered without waiting for the empty partitions to be fetched; records that are buffered
   * still go in timestamp order. The monitor does not need more: feedback arrives well after its
   * prediction (and is dropped, not misjudged, when it overtakes it), and a reference arriving a
   * fetch late judges no window (windows are judged when they close, minutes later).
   */
  public static final Map<String, String> STREAMS_PROPERTIES =
      Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");

  /**
   * How often the drift monitor commits (its transactions). A second rather than the shared 100 ms:
   * each exactly-once commit holds the stream thread for a few broker round trips, a tenth of its
   * time at 100 ms on a busy broker, while a verdict a second later changes nothing for windows of
   * minutes; after a crash at most a second of predictions is read again (exactly once still).
   */
  public static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

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

    Duration grace = settings.feedbackGraceDuration();
    builder.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(PENDING_STORE, grace.multipliedBy(2), grace, false),
                Serdes.String(),
                PendingPrediction.serde())
            // Every prediction is a new key, so a changelog would double what the stage writes to
            // Kafka (it halved the throughput). Without it, a task moved or restarted after a crash
            // forgets the pending predictions: their late feedback is not joined (counted nowhere),
            // which shrinks one performance window, never skews it. No cache either: with keys
            // that never repeat it saves no write, and keeping its sorted map and evicting from it
            // took a fifth of the stream thread's time in profiles.
            .withCachingDisabled()
            .withLoggingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PERFORMANCE_STORE),
            Serdes.String(),
            PerformanceWindow.serde()));

    builder.stream(
            Topics.TRAINING_FINISHED.name(),
            Consumed.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.TRAINING_FINISHED)))
        .repartition(
            Repartitioned.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.TRAINING_FINISHED))
                .withName("references")
                .withNumberOfPartitions(Topics.PREDICTION_LOGGED.partitions()))
        .process(ReferenceProcessor::new, REFERENCES_STORE);

    KStream<String, PredictionLogged> predictions =
        builder.stream(
            Topics.PREDICTION_LOGGED.name(),
            Consumed.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.PREDICTION_LOGGED)));
    predictions.process(PendingPredictionProcessor::new, PENDING_STORE);
    predictions
        .process(
            () -> new WindowProcessor(settings, metas),
            WINDOWS_STORE,
            REFERENCES_STORE,
            PUBLISHED_STORE)
        .to(
            Topics.DRIFT_DETECTED.name(),
            Produced.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.DRIFT_DETECTED)));
    builder.stream(
            Topics.FEEDBACK.name(),
            Consumed.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.FEEDBACK)))
        .process(
            () -> new FeedbackProcessor(settings, metas),
            PENDING_STORE,
            PERFORMANCE_STORE,
            REFERENCES_STORE,
            PUBLISHED_STORE)
        .to(
            Topics.DRIFT_DETECTED.name(),
            Produced.with(EventSerdes.keySerde(), serdes.valueSerde(Topics.DRIFT_DETECTED)));
    return builder.build();
  }
}
