package dev.mlpipe.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.ReferenceProfile;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mlpipe drift backfill} on a real broker: predictions logged an hour ago, the first 800
 * like the training reference and the next 800 shifted, read back in dev's count windows of 400.
 */
class DriftBackfillIT {

  private static final String MODEL = "backfill-recsys";
  private static final String VERSION = "v1";

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient client;
  private static long t0;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    client = HttpSchemaRegistryClient.of(registry.url());
    EventSerdes serdes = new EventSerdes(client);
    t0 = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              Topics.TRAINING_FINISHED.name(),
              null,
              t0 - 1_000,
              MODEL,
              serdes
                  .valueSerializer(Topics.TRAINING_FINISHED)
                  .serialize(Topics.TRAINING_FINISHED.name(), trainingFinished())));
      Random random = new Random(11);
      for (int i = 0; i < 1_600; i++) {
        double shift = i < 800 ? 0 : 0.8;
        PredictionLogged p =
            PredictionLogged.newBuilder(SampleEvents.predictionLogged())
                .setModel(MODEL)
                .setVersion(VERSION)
                .setPredictionId("p-" + i)
                .setNumericInputs(
                    Map.of(
                        "user", 400 + 100 * (random.nextGaussian() + shift),
                        "item", 800 + 200 * (random.nextGaussian() + shift)))
                .setCategoricalInputs(Map.of())
                .setOutputScore(3.5 + 0.8 * random.nextGaussian())
                .build();
        producer.send(
            new ProducerRecord<>(
                Topics.PREDICTION_LOGGED.name(),
                null,
                t0 + i * 1_000L,
                MODEL,
                serdes
                    .valueSerializer(Topics.PREDICTION_LOGGED)
                    .serialize(Topics.PREDICTION_LOGGED.name(), p)));
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPrintEachWindowSinceTheTimeWithTheShiftedOnesRaisingDataDrift() {
    CommandLineRun run = mlpipe("drift", "backfill", MODEL, "--since", "2h");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<String> windows = run.out().lines().filter(l -> l.startsWith(MODEL + " ")).toList();
    assertThat(windows).hasSize(4);
    assertThat(windows.get(0))
        .contains("window 0")
        .contains("400 predictions")
        .contains("no drift");
    assertThat(windows.get(1)).contains("window 1").contains("no drift");
    assertThat(windows.get(2)).contains("window 2").contains("data=DRIFT");
    assertThat(windows.get(3)).contains("window 3").contains("data=DRIFT");
    assertThat(run.out())
        .contains("1,600 predictions of " + MODEL)
        .contains("nothing was published");
  }

  @Test
  void shouldOnlyReadThePredictionsLoggedSinceTheTime() {
    Instant since = Instant.ofEpochMilli(t0 + 1_200_000);

    CommandLineRun run = mlpipe("drift", "backfill", MODEL, "--since", since.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<String> windows = run.out().lines().filter(l -> l.startsWith(MODEL + " ")).toList();
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0)).contains("window 0").contains("data=DRIFT");
  }

  @Test
  void shouldNameTheKnownModelsWhenTheModelIsUnknown() {
    CommandLineRun run = mlpipe("drift", "backfill", "no-such-model", "--since", "2h");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown model 'no-such-model'").contains(MODEL);
  }

  @Test
  void shouldRefuseATimeItCannotRead() {
    CommandLineRun run = mlpipe("drift", "backfill", MODEL, "--since", "last tuesday");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'last tuesday'").contains("6h");
  }

  private static CommandLineRun mlpipe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--environment",
            "dev",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--registry",
            registry.url().toString()));
    return CommandLineRun.of(all.toArray(String[]::new));
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
