package dev.mlpipe.drift.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.FeatureStatistic;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.topology.DriftTopology;
import dev.mlpipe.drift.topology.ReferenceProfiles;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowReplayTest {

  private static final String MODEL = "recommender";
  private static final String VERSION = "v3";
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_700_000_040_000L;

  @TempDir Path stateDir;

  @Test
  void shouldJudgeEachFullCountWindowAndTheOpenRestAsIncomplete() {
    WindowReplay replay = new WindowReplay(settings("count"), v -> Optional.of(reference()));
    List<ReplayedWindow> windows = new ArrayList<>();

    for (Timed p : predictions(2_500, T0, 0)) {
      windows.addAll(replay.add(p.prediction(), p.timestamp()));
    }
    windows.addAll(replay.finish());

    assertThat(windows).extracting(w -> w.bounds().count()).containsExactly(1_000L, 1_000L, 500L);
    assertThat(windows).extracting(w -> w.bounds().index()).containsExactly(0L, 1L, 2L);
    assertThat(windows).extracting(ReplayedWindow::complete).containsExactly(true, true, false);
    assertThat(windows).allSatisfy(w -> assertThat(w.assessment().get().raised()).isEmpty());
  }

  @Test
  void shouldCloseATimeWindowWhenALaterPredictionPassesItsEnd() {
    WindowReplay replay = new WindowReplay(settings("time"), v -> Optional.of(reference()));
    List<ReplayedWindow> closed = new ArrayList<>();
    for (Timed p : predictions(2_000, T0, 0.7)) {
      closed.addAll(replay.add(p.prediction(), p.timestamp()));
    }
    assertThat(closed).isEmpty();

    closed.addAll(replay.add(prediction(400, 800, 3.5), T0 + MINUTE));

    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).bounds().start()).isEqualTo(T0);
    assertThat(closed.get(0).assessment().get().raised())
        .extracting(KindAssessment::kind)
        .contains(DriftKind.DATA);
  }

  @Test
  void shouldLeaveAWindowUnjudgedWhenItsVersionHasNoTrainingReference() {
    WindowReplay replay = new WindowReplay(settings("count"), v -> Optional.empty());
    List<ReplayedWindow> windows = new ArrayList<>();
    for (Timed p : predictions(1_000, T0, 0.7)) {
      windows.addAll(replay.add(p.prediction(), p.timestamp()));
    }

    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).assessment()).isEmpty();
  }

  @Test
  void shouldReachTheSameStatisticsAsTheLiveTopologyOnTheSamePredictions() {
    List<Timed> predictions = predictions(2_000, T0, 0.7);
    WindowReplay replay = new WindowReplay(settings("count"), v -> Optional.of(reference()));
    List<ReplayedWindow> replayed = new ArrayList<>();
    predictions.forEach(p -> replayed.addAll(replay.add(p.prediction(), p.timestamp())));

    List<DriftDetected> live = live(predictions);

    assertThat(replayed).hasSize(2);
    assertThat(live).filteredOn(e -> e.getKind() == DriftKind.DATA).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DriftDetected event =
          live.stream().filter(e -> e.getKind() == DriftKind.DATA).toList().get(i);
      KindAssessment data =
          replayed.get(i).assessment().get().raised().stream()
              .filter(k -> k.kind() == DriftKind.DATA)
              .findFirst()
              .orElseThrow();
      for (FeatureDrift f : event.getFeatures()) {
        FeatureStatistic s =
            data.statistics().stream()
                .filter(x -> x.feature().equals(f.getFeature()))
                .filter(x -> x.statistic().equals(f.getStatistic()))
                .findFirst()
                .orElseThrow();
        // The KLL sketches compact at random, so two runs agree within their rank error only.
        assertThat(s.value())
            .as(f.getFeature() + " " + f.getStatistic())
            .isCloseTo(f.getValue(), withinPercentage(10));
        assertThat(s.drifted())
            .as(f.getFeature() + " " + f.getStatistic())
            .isEqualTo(f.getDrifted());
      }
    }
  }

  private List<DriftDetected> live(List<Timed> predictions) {
    EventSerdes serdes = new EventSerdes(new FakeSchemaRegistryClient());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-monitor");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    EventMetas metas =
        new EventMetas("drift-monitor@test", Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    try (TopologyTestDriver driver =
        new TopologyTestDriver(DriftTopology.build(serdes, settings("count"), metas), props)) {
      driver
          .createInputTopic(
              Topics.TRAINING_FINISHED.name(),
              EventSerdes.keySerializer(),
              serdes.valueSerializer(Topics.TRAINING_FINISHED))
          .pipeInput(MODEL, trainingFinished(), Instant.ofEpochMilli(T0 - MINUTE));
      TestInputTopic<String, PredictionLogged> input =
          driver.createInputTopic(
              Topics.PREDICTION_LOGGED.name(),
              EventSerdes.keySerializer(),
              serdes.valueSerializer(Topics.PREDICTION_LOGGED));
      predictions.forEach(
          p -> input.pipeInput(MODEL, p.prediction(), Instant.ofEpochMilli(p.timestamp())));
      return driver
          .createOutputTopic(
              Topics.DRIFT_DETECTED.name(),
              EventSerdes.keyDeserializer(),
              serdes.valueDeserializer(Topics.DRIFT_DETECTED))
          .readValuesToList();
    }
  }

  private record Timed(PredictionLogged prediction, long timestamp) {}

  private static List<Timed> predictions(int n, long windowStart, double shift) {
    Random random = new Random(5);
    List<Timed> result = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double user = 400 + 100 * (random.nextGaussian() + shift);
      double item = 800 + 200 * (random.nextGaussian() + shift);
      double score = 3.5 + 0.8 * random.nextGaussian();
      result.add(new Timed(prediction(user, item, score), windowStart + (i * 29L) % MINUTE));
    }
    return result;
  }

  private static PredictionLogged prediction(double user, double item, double score) {
    return PredictionLogged.newBuilder(SampleEvents.predictionLogged())
        .setModel(MODEL)
        .setVersion(VERSION)
        .setNumericInputs(Map.of("user", user, "item", item))
        .setCategoricalInputs(Map.of())
        .setOutputScore(score)
        .build();
  }

  private static DriftMonitorSettings settings(String window) {
    DriftMonitorSettings d = DriftMonitorSettings.DEFAULTS;
    return new DriftMonitorSettings(
        window,
        "PT1M",
        1_000,
        d.sketchK(),
        d.categoryCapacity(),
        true,
        "PT1S",
        "PT1H",
        0.2,
        d.thresholds());
  }

  private static ModelReference reference() {
    return ReferenceProfiles.toReference(MODEL, VERSION, trainingFinished().getReferenceProfile());
  }

  private static TrainingFinished trainingFinished() {
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
        .setVersion(VERSION)
        .setReferenceProfile(
            ReferenceProfile.newBuilder()
                .setRowCount(users.length)
                .setFeatures(List.of(histogram("user", users), histogram("item", items)))
                .setPrediction(histogram("prediction", scores))
                .build())
        .build();
  }

  private static FeatureProfile histogram(String name, double[] values) {
    double min = Arrays.stream(values).min().orElseThrow();
    double max = Arrays.stream(values).max().orElseThrow();
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      edges.add(min + (max - min) * i / 10);
    }
    long[] counts = new long[10];
    for (double v : values) {
      counts[Math.min(9, (int) ((v - min) / (max - min) * 10))]++;
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
}
