package dev.mlpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.deployer.DeployerApp;
import dev.mlpipe.deployer.DeployerConfig;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import dev.mlpipe.trainer.recipe.SgdMatrixFactorization;
import dev.mlpipe.trainer.recipe.SgdMfConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving under a fixed open-loop rate ({@link OpenLoopLoad}): {@code GET
 * /v1/models/{model}/recommend?user=U&k=10} on a model trained on the MovieLens-100K shape (943
 * users, 1,682 items) against {@code GET /health} on the same server as the baseline, each for the
 * same number of requests at 2,000 requests/s. During the recommend run new versions start their
 * canary (staging, 5 %, then the step to 10 %) and are rolled back by a Rollback command; the time
 * from sending the command to the route no longer holding the canary is the rollback's
 * command-to-traffic-switched time.
 */
final class ServingBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(ServingBench.class);
  private static final String MODEL = "movie-recommender";

  /** Requests per second; {@code -Dbench.serving.rate=N} to see what serving does at another. */
  private static final int RATE = Integer.getInteger("bench.serving.rate", 2_000);

  private static final Duration STEP = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int CONNECTIONS = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "serving";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    long requests = options.records(RATE * 10L, RATE * 30L);
    Path data = Files.createTempDirectory("mlpipe-bench-serving-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), 0, true, Map.of());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory();
        HttpSchemaRegistryClient registryClient = HttpSchemaRegistryClient.of(registry.url())) {
      try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
        topics.createCatalogue();
      }
      new SchemaSetup(registryClient).registerCatalogue();
      EventSerdes serdes = new EventSerdes(registryClient);
      StageEnvironment env =
          new StageEnvironment(
              kafka.bootstrapServers(), URI.create(registry.url()), data, "dev", "bench");
      Trained trained = train(ArtifactStore.at(env.artifactDir()));
      DeployerConfig config =
          DeployerConfig.defaults(false)
              .withServingPort(0)
              .withRollout(
                  RolloutPolicy.defaults(false)
                      .withStepInterval(STEP)
                      .withWatchWindow(Duration.ZERO));
      try (RunningStage deployer = DeployerApp.start(env, config);
          Publisher publisher = new Publisher(kafka.bootstrapServers(), serdes)) {
        URI serving = URI.create(deployer.endpoints().get("serving"));
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .executor(clientThreads)
                .build();
        try {
          publisher.send(Topics.VALIDATION_PASSED, trained.validation("v1", env));
          await(http, serving, r -> "v1".equals(text(r, "stable")) && r.path("canary").isNull());
          progress("v1 serves all of production; %d users, %d items", 943, 1682);

          OpenLoopLoad load = new OpenLoopLoad(serving, CONNECTIONS, TIMEOUT);
          SplittableRandom users = new SplittableRandom(7);
          String recommendBase = "/v1/models/" + MODEL + "/recommend";
          String health = "/health";
          OpenLoopLoad.Outcome warmUp =
              load.run(
                  RATE * 5L, RATE, i -> recommendBase + "?k=10&user=" + (1 + users.nextInt(943)));
          load.run(RATE * 2L, RATE, i -> health);
          progress("warm-up: %s", warmUp.describe());

          OpenLoopLoad.Outcome baseline = load.run(requests, RATE, i -> health);
          progress("baseline /health: %s", baseline.describe());

          ExecutorService loadThread = Executors.newSingleThreadExecutor();
          List<Double> switchMs = new ArrayList<>();
          List<String> canarySteps = new ArrayList<>();
          OpenLoopLoad.Outcome recommend;
          try {
            Future<OpenLoopLoad.Outcome> running =
                loadThread.submit(
                    () ->
                        load.run(
                            requests,
                            RATE,
                            i -> recommendBase + "?k=10&user=" + (1 + users.nextInt(943))));
            long loadEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(requests / RATE);
            int version = 2;
            // A canary (staging, 5 %, the step to 10 %) and its rollback take about STEP + 1 s.
            while (System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP.toSeconds() + 3) < loadEnds) {
              String v = "v" + version++;
              long published = System.nanoTime();
              publisher.send(Topics.VALIDATION_PASSED, trained.validation(v, env));
              await(http, serving, r -> v.equals(text(r, "canary")) && percent(r) >= 10);
              canarySteps.add(
                  String.format(
                      Locale.ROOT,
                      "%s at 10 %% after %.1f s",
                      v,
                      (System.nanoTime() - published) / 1e9));
              long command = System.nanoTime();
              publisher.send(Topics.COMMANDS, rollback());
              await(
                  http, serving, r -> "v1".equals(text(r, "stable")) && r.path("canary").isNull());
              double ms = (System.nanoTime() - command) / 1e6;
              switchMs.add(ms);
              progress("%s: canary step to 10 %%, then rollback switched in %.0f ms", v, ms);
            }
            recommend = running.get(requests / RATE + 60, TimeUnit.SECONDS);
          } finally {
            loadThread.shutdownNow();
          }
          progress("recommend under canary and rollback: %s", recommend.describe());
          if (switchMs.isEmpty()) {
            throw new IllegalStateException(
                "no canary step and rollback fitted in the recommend run; give it more requests");
          }
          return results(run, requests, warmUp, baseline, recommend, switchMs, canarySteps);
        } finally {
          clientThreads.shutdownNow();
        }
      }
    }
  }

  private static List<BenchResult> results(
      RunInfo run,
      long requests,
      OpenLoopLoad.Outcome warmUp,
      OpenLoopLoad.Outcome baseline,
      OpenLoopLoad.Outcome recommend,
      List<Double> switchMs,
      List<String> canarySteps) {
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "open loop (wrk2-style): %,d requests at %,d/s for each endpoint over %d"
                    + " kept-alive HTTP/1.1 connections, latency from each request's due time"
                    + " (queueing for a free connection included), failures = non-200, I/O errors"
                    + " and answers slower than %d s; the load generator runs in the same JVM as"
                    + " the deployer, one in-process broker and the embedded registry",
                requests,
                RATE,
                CONNECTIONS,
                TIMEOUT.toSeconds()),
            "model: plain-Java SGD matrix factorisation (rank 10) of a MovieLens-100K-shaped"
                + " data set (943 users, 1,682 items, ratings the user gave excluded), top-10 for"
                + " a uniformly random known user; serving: JDK HttpServer, 4 threads, every"
                + " prediction logged to Kafka",
            "recommend: " + recommend.describe(),
            "not counted: the 5 s warm-up of /recommend from a cold JVM at the same rate: "
                + warmUp.describe(),
            "baseline GET /health on the same server: " + baseline.describe(),
            "during the recommend run: "
                + String.join("; ", canarySteps)
                + "; each rolled back by a Rollback command (canary interval "
                + STEP.toSeconds()
                + " s)");
    List<BenchResult> rows = new ArrayList<>();
    for (double q : new double[] {0.50, 0.99, 0.999}) {
      String label = q == 0.5 ? "p50" : q == 0.99 ? "p99" : "p99.9";
      rows.add(
          new BenchResult(
              "serving-recommend-" + label.replace(".", ""),
              "serving: /recommend top-10 " + label + " at 2,000 req/s (goal p99 <= 5 ms)",
              recommend.quantileMs(q),
              "ms",
              List.of(recommend.quantileMs(q)),
              Optional.of(
                  BenchResult.Baseline.of("GET /health " + label, List.of(baseline.quantileMs(q)))),
              OptionalDouble.empty(),
              BenchResult.Direction.LOWER_IS_BETTER,
              notes,
              run));
    }
    rows.add(
        new BenchResult(
            "serving-failed-requests",
            "serving: failed requests during a canary step and a rollback (goal 0)",
            recommend.failed(),
            "requests",
            List.of((double) recommend.failed()),
            Optional.empty(),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            notes,
            run));
    rows.add(
        new BenchResult(
            "serving-rollback-switch",
            "serving: rollback command to traffic switched (goal <= 1 s)",
            Stats.median(switchMs),
            "ms",
            switchMs,
            Optional.empty(),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            List.of(
                "from before the Rollback command is published (acks=all) to the first GET"
                    + " /v1/models (polled every 5 ms, on the same server as the load, so queued"
                    + " behind it) showing the canary gone: the deployer's transaction (commit"
                    + " interval 100 ms), serving's read_committed follower and the route swap; max "
                    + String.format(
                        Locale.ROOT,
                        "%.0f ms over %d rollbacks",
                        switchMs.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                        switchMs.size()),
                "measured while the recommend load ran"),
            run));
    return rows;
  }

  /** Polls {@code GET /v1/models} every 5 ms until the model's route matches; at most 60 s. */
  private static void await(HttpClient http, URI serving, Predicate<JsonNode> route)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpRequest request = HttpRequest.newBuilder(serving.resolve("/v1/models")).GET().build();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode model = JSON.readTree(response.body()).path(MODEL);
      if (!model.isMissingNode() && route.test(model)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    throw new IllegalStateException("serving's route of " + MODEL + " did not change within 60 s");
  }

  private static String text(JsonNode route, String field) {
    JsonNode value = route.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  private static int percent(JsonNode route) {
    return route.path("canaryPercent").asInt();
  }

  private static PipelineCommand rollback() {
    return PipelineCommand.newBuilder()
        .setMeta(meta("bench-rollback"))
        .setModel(MODEL)
        .setRequestedBy("bench")
        .setCommand(Rollback.newBuilder().setToVersion(null).setReason("bench rollback").build())
        .build();
  }

  private static EventMeta meta(String runId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(null)
        .setOccurredAt(Instant.now())
        .setProducer("bench@" + ProcessHandle.current().pid())
        .build();
  }

  /** The trained factors and their stored training data. */
  private record Trained(FactorModel factors, String dataHash, Map<String, Double> metrics) {

    ValidationPassed validation(String version, StageEnvironment env) {
      ModelCard card =
          new ModelCard(
              MODEL,
              version,
              "recommender-sgd-mf",
              Map.of("rank", "10"),
              "b".repeat(40),
              "run-" + version,
              dataHash,
              "no-holdout-stored",
              metrics,
              Instant.now());
      StoredArtifact stored =
          ArtifactFormat.store(
              ArtifactStore.at(env.artifactDir()), new ModelArtifact(card, factors));
      return ValidationPassed.newBuilder()
          .setMeta(meta("run-" + version))
          .setModel(MODEL)
          .setVersion(version)
          .setCommitSha("b".repeat(40))
          .setArtifact(
              new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes()))
          .setMetrics(metrics)
          .setReport(ValidationReport.newBuilder().setPolicyHash("0".repeat(64)).build())
          .build();
    }
  }

  private static Trained train(ArtifactStore store) throws Exception {
    RatingTable ratings = MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7);
    Split split = Splits.random(ratings, 0.2, 42);
    FactorModel factors =
        new SgdMatrixFactorization(new SgdMfConfig(10, 20, 0.01, 0.05, 0.1, 42))
            .train(split.train());
    String dataHash = store.put(split.train().toCanonicalBytes()).sha256();
    return new Trained(factors, dataHash, Map.of("rmse", 0.67));
  }

  /** A producer of pipeline events, acks=all. */
  private static final class Publisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final EventSerdes serdes;

    Publisher(String bootstrap, EventSerdes serdes) {
      Map<String, Object> props = new HashMap<>();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      this.producer =
          new KafkaProducer<>(
              props,
              new org.apache.kafka.common.serialization.StringSerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer());
      this.serdes = serdes;
    }

    <V extends SpecificRecord> void send(Topic<V> topic, V value) throws Exception {
      byte[] bytes = serdes.valueSerializer(topic).serialize(topic.name(), value);
      producer.send(new ProducerRecord<>(topic.name(), MODEL, bytes)).get();
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println("bench: serving: " + line);
    LOG.info(line);
  }
}
