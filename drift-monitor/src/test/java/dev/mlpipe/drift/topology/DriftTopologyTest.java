package dev.mlpipe.drift.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTopologyTest {

  private static final String MODEL = "recommender";
  private static final String VERSION = "v3";
  private static final long MINUTE = 60_000;

  /** Start of a minute-aligned window. */
  private static final long T0 = 1_700_000_040_000L;

  private final EventSerdes serdes = new EventSerdes(new FakeSchemaRegistryClient());
  private TopologyTestDriver driver;
  private TestInputTopic<String, TrainingFinished> trainingFinished;
  private TestInputTopic<String, PredictionLogged> predictions;
  private TestInputTopic<String, FeedbackReceived> feedback;
  private TestOutputTopic<String, DriftDetected> drift;
  private int predictionIds;

  @TempDir Path stateDir;

  private void start(DriftMonitorSettings settings) {
    EventMetas metas =
        new EventMetas("drift-monitor@test", Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-monitor");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(DriftTopology.build(serdes, settings, metas), props);
    trainingFinished =
        driver.createInputTopic(
            Topics.TRAINING_FINISHED.name(),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.TRAINING_FINISHED));
    predictions =
        driver.createInputTopic(
            Topics.PREDICTION_LOGGED.name(),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.PREDICTION_LOGGED));
    feedback =
        driver.createInputTopic(
            Topics.FEEDBACK.name(),
            EventSerdes.keySerializer(),
            serdes.valueSerializer(Topics.FEEDBACK));
    drift =
        driver.createOutputTopic(
            Topics.DRIFT_DETECTED.name(),
            EventSerdes.keyDeserializer(),
            serdes.valueDeserializer(Topics.DRIFT_DETECTED));
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private static DriftMonitorSettings minuteWindows() {
    DriftMonitorSettings d = DriftMonitorSettings.DEFAULTS;
    return new DriftMonitorSettings(
        "time",
        "PT1M",
        d.windowCount(),
        d.sketchK(),
        d.categoryCapacity(),
        true,
        "PT1S",
        "PT1H",
        0.2,
        d.thresholds());
  }

  private static DriftMonitorSettings countWindows(long size) {
    DriftMonitorSettings d = DriftMonitorSettings.DEFAULTS;
    return new DriftMonitorSettings(
        "count",
        "PT1M",
        size,
        d.sketchK(),
        d.categoryCapacity(),
        true,
        "PT1S",
        "PT1H",
        0.2,
        d.thresholds());
  }

  @Test
  void shouldPublishNothingWhenPredictionsFollowTheTrainingReference() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));

    pipePredictions(VERSION, new Random(1), 2_000, T0, 0);
    closeWindowOf(VERSION, T0);

    assertThat(drift.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishDataDriftOnceWithEachFeaturesStatisticPValueAndThreshold() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));

    pipePredictions(VERSION, new Random(2), 2_000, T0, 0.7);
    closeWindowOf(VERSION, T0);

    List<DriftDetected> events = drift.readValuesToList();
    assertThat(events).hasSize(1);
    DriftDetected event = events.get(0);
    assertThat(event.getModel()).isEqualTo(MODEL);
    assertThat(event.getVersion()).isEqualTo(VERSION);
    assertThat(event.getKind()).isEqualTo(DriftKind.DATA);
    assertThat(event.getSeverity()).isEqualTo(DriftSeverity.DRIFT);
    assertThat(event.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(event.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + MINUTE));
    assertThat(event.getSampleSize()).isEqualTo(2_000);
    FeatureDrift ks = feature(event, "user", "KS");
    assertThat(ks.getDrifted()).isTrue();
    assertThat(ks.getPValue()).isLessThan(ks.getThreshold());
    assertThat(ks.getThreshold()).as("0.05 over two features").isEqualTo(0.025);
    assertThat(feature(event, "item", "PSI").getValue()).isGreaterThan(0.2);
    assertThat(feature(event, "item", "PSI").getThreshold()).isEqualTo(0.2);
  }

  @Test
  void shouldNotPublishAgainWhenTheWindowsPredictionsAreRedelivered() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));
    pipePredictions(VERSION, new Random(3), 2_000, T0, 0.7);
    closeWindowOf(VERSION, T0);
    assertThat(drift.readValuesToList()).hasSize(1);

    pipePredictions(VERSION, new Random(3), 2_000, T0, 0.7);
    closeWindowOf(VERSION, T0 + MINUTE);

    assertThat(drift.isEmpty()).isTrue();
  }

  @Test
  void shouldJudgeATimeWindowWhenStreamTimePassesItsEndWithoutAnotherPredictionOfThatVersion() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));
    pipePredictions(VERSION, new Random(4), 2_000, T0, 0.7);

    // Another version's traffic moves stream time past the end of v3's window.
    pipePredictions("v4", new Random(5), 1, T0 + 2 * MINUTE, 0);

    assertThat(drift.readValuesToList())
        .extracting(DriftDetected::getVersion, DriftDetected::getKind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(VERSION, DriftKind.DATA));
  }

  @Test
  void shouldCheckpointTheOpenWindowToTheStateStoreEveryCheckpointInterval() {
    start(minuteWindows());
    pipePredictions(VERSION, new Random(9), 300, T0, 0);
    KeyValueStore<String, OpenWindow> store = driver.getKeyValueStore(DriftTopology.WINDOWS_STORE);
    assertThat(store.get(OpenWindow.key(MODEL, VERSION))).isNull();

    driver.advanceWallClockTime(Duration.ofSeconds(1));

    OpenWindow checkpointed = store.get(OpenWindow.key(MODEL, VERSION));
    assertThat(checkpointed.bounds().count()).isEqualTo(300);
    assertThat(checkpointed.profile().numeric("user").count()).isEqualTo(300);
  }

  @Test
  void shouldJudgeEachFullCountWindowOnce() {
    start(countWindows(1_000));
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));

    pipePredictions(VERSION, new Random(6), 2_500, T0, 0.7);

    List<DriftDetected> events = drift.readValuesToList();
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> assertThat(e.getSampleSize()).isEqualTo(1_000));
    assertThat(events.get(0).getWindowEnd()).isBefore(events.get(1).getWindowStart());
  }

  @Test
  void shouldNotJudgeAVersionWithoutATrainingReference() {
    start(minuteWindows());

    pipePredictions(VERSION, new Random(7), 2_000, T0, 0.7);
    closeWindowOf(VERSION, T0);

    assertThat(drift.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishPredictionDriftWhenTheScoresMove() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));

    Random random = new Random(8);
    for (int i = 0; i < 2_000; i++) {
      predictions.pipeInput(
          MODEL,
          prediction(
              VERSION,
              400 + 100 * random.nextGaussian(),
              800 + 200 * random.nextGaussian(),
              2.5 + 0.8 * random.nextGaussian()),
          Instant.ofEpochMilli(T0 + i % MINUTE));
    }
    closeWindowOf(VERSION, T0);

    assertThat(drift.readValuesToList())
        .extracting(DriftDetected::getKind)
        .containsExactly(DriftKind.PREDICTION);
  }

  @Test
  void shouldPublishPerformanceDriftWhenFeedbackShowsTheOnlineRmseWellAboveTheHoldoutOne() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));
    int first = predictionIds;
    pipePredictions(VERSION, new Random(10), 500, T0, 0);

    // Holdout RMSE 0.71; the actual ratings are 1.2 away from every score, and arrive late.
    for (int i = 0; i < 500; i++) {
      feedback.pipeInput(
          MODEL,
          feedback("p-" + (first + i), 3.5 + (i % 2 == 0 ? 1.2 : -1.2)),
          Instant.ofEpochMilli(T0 + 30_000 + i));
    }
    feedback.pipeInput(MODEL, feedback("p-unknown", 3.0), Instant.ofEpochMilli(T0 + 2 * MINUTE));

    List<DriftDetected> events = drift.readValuesToList();
    assertThat(events).extracting(DriftDetected::getKind).containsExactly(DriftKind.PERFORMANCE);
    FeatureDrift rmse = feature(events.get(0), "prediction", "ONLINE_RMSE");
    assertThat(rmse.getValue()).isGreaterThan(1.2);
    assertThat(rmse.getThreshold()).isCloseTo(0.71 * 1.2, within(1e-9));
    assertThat(events.get(0).getSampleSize()).isEqualTo(500);
  }

  @Test
  void shouldIgnoreFeedbackOlderThanTheGracePeriodAfterItsPrediction() {
    start(minuteWindows());
    trainingFinished.pipeInput(MODEL, trainingFinished(VERSION), Instant.ofEpochMilli(T0 - MINUTE));
    int first = predictionIds;
    pipePredictions(VERSION, new Random(11), 500, T0, 0);

    long twoHoursLater = T0 + 120 * MINUTE;
    for (int i = 0; i < 500; i++) {
      feedback.pipeInput(
          MODEL, feedback("p-" + (first + i), 0.0), Instant.ofEpochMilli(twoHoursLater + i));
    }
    feedback.pipeInput(
        MODEL, feedback("p-x", 3.0), Instant.ofEpochMilli(twoHoursLater + 2 * MINUTE));

    assertThat(drift.readValuesToList())
        .extracting(DriftDetected::getKind)
        .doesNotContain(DriftKind.PERFORMANCE);
  }

  private static FeedbackReceived feedback(String predictionId, double actual) {
    return FeedbackReceived.newBuilder(SampleEvents.feedbackReceived())
        .setModel(MODEL)
        .setPredictionId(predictionId)
        .setActual(actual)
        .build();
  }

  private void pipePredictions(
      String version, Random random, int n, long windowStart, double shift) {
    for (int i = 0; i < n; i++) {
      double user = 400 + 100 * (random.nextGaussian() + shift);
      double item = 800 + 200 * (random.nextGaussian() + shift);
      double score = 3.5 + 0.8 * random.nextGaussian();
      predictions.pipeInput(
          MODEL,
          prediction(version, user, item, score),
          Instant.ofEpochMilli(windowStart + (i * 29L) % MINUTE));
    }
  }

  /** One prediction in the next window moves stream time past the end of the one at start. */
  private void closeWindowOf(String version, long windowStart) {
    predictions.pipeInput(
        MODEL, prediction(version, 400, 800, 3.5), Instant.ofEpochMilli(windowStart + MINUTE));
  }

  private PredictionLogged prediction(String version, double user, double item, double score) {
    return PredictionLogged.newBuilder(SampleEvents.predictionLogged())
        .setModel(MODEL)
        .setVersion(version)
        .setPredictionId("p-" + predictionIds++)
        .setNumericInputs(Map.of("user", user, "item", item))
        .setCategoricalInputs(Map.of())
        .setOutputScore(score)
        .build();
  }

  private static TrainingFinished trainingFinished(String version) {
    Random random = new Random(42);
    double[] users = new double[50_000];
    double[] items = new double[50_000];
    double[] scores = new double[50_000];
    for (int i = 0; i < users.length; i++) {
      users[i] = 400 + 100 * random.nextGaussian();
      items[i] = 800 + 200 * random.nextGaussian();
      scores[i] = 3.5 + 0.8 * random.nextGaussian();
    }
    return TrainingFinished.newBuilder(SampleEvents.trainingFinished())
        .setModel(MODEL)
        .setVersion(version)
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(users.length)
                .setFeatures(List.of(histogram("user", users), histogram("item", items)))
                .setPrediction(histogram("prediction", scores))
                .build())
        .build();
  }

  /** A ten-bin equal-width histogram, as a trainer profiles a numeric feature. */
  static FeatureProfile histogram(String name, double[] values) {
    double min = Arrays.stream(values).min().orElseThrow();
    double max = Arrays.stream(values).max().orElseThrow();
    int bins = 10;
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= bins; i++) {
      edges.add(min + (max - min) * i / bins);
    }
    long[] counts = new long[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - min) / (max - min) * bins))]++;
    }
    return FeatureProfile.newBuilder()
        .setName(name)
        .setKind(FeatureKind.NUMERIC)
        .setCount(values.length)
        .setMissingCount(0)
        .setBinEdges(edges)
        .setBinCounts(Arrays.stream(counts).boxed().toList())
        .setQuantiles(Map.of())
        .setMin(min)
        .setMax(max)
        .setCategoryCounts(Map.of())
        .build();
  }

  private static FeatureDrift feature(DriftDetected event, String feature, String statistic) {
    return event.getFeatures().stream()
        .filter(f -> f.getFeature().equals(feature) && f.getStatistic().equals(statistic))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + statistic + " of " + feature + " in " + event));
  }
}
