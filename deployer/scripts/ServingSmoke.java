// A smoke run of the deployer against a running `mlpipe up`: trains two MovieLens-100K-shaped
// factor models with the trainer's recipe, stores them in the pipeline's artifact store, publishes
// their ValidationPassed events, and measures what a user of serving sees.
//
//   ./mlpipe up --data-dir /tmp/mlpipe-smoke &     (note the ready line)
//   java -cp cli/target/mlpipe.jar deployer/scripts/ServingSmoke.java \
//       KAFKA REGISTRY SERVING /tmp/mlpipe-smoke [REQUESTS]
//
// Prints: time from ValidationPassed to serving v1 and v2 at 100 %, sequential /recommend latency
// (top-10 of 1,682 items) next to /health on the same server, and the time from a rollback
// command to the first response of the version rolled back to. Not a load test: one client thread.
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

public class ServingSmoke {

  static final String MODEL = "smoke-recommender";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String registryUrl = args[1];
    URI serving = URI.create(args[2]);
    Path dataDir = Path.of(args[3]);
    int requests = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
    String run = Long.toString(System.currentTimeMillis(), 36);
    RatingTable data = MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 42);
    ArtifactStore store = ArtifactStore.at(dataDir.resolve("artifacts"));
    store.put(data.toCanonicalBytes());
    try (HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(registryUrl)) {
      EventSerdes serdes = new EventSerdes(registry);
      String v1 = "v1-" + run;
      String v2 = "v2-" + run;
      long t0 = System.nanoTime();
      publish(bootstrap, serdes, Topics.VALIDATION_PASSED, validated(store, data, v1, 1));
      awaitVersion(serving, v1);
      System.out.printf("v1: ValidationPassed -> serving v1: %d ms%n", ms(t0));
      long t1 = System.nanoTime();
      publish(bootstrap, serdes, Topics.VALIDATION_PASSED, validated(store, data, v2, 2));
      awaitAllUsers(serving, v2);
      System.out.printf("v2: ValidationPassed -> canary steps -> v2 for all users: %d ms%n", ms(t1));

      long[] rec = measure(serving, "/v1/models/" + MODEL + "/recommend?user=%d&k=10", requests);
      long[] health = measure(serving, "/health?u=%d", requests);
      System.out.printf(
          "sequential, %d requests each: /recommend top-10 of %d items p50 %d us p99 %d us p99.9 %d"
              + " us | /health p50 %d us p99 %d us p99.9 %d us | p99 ratio %.2f%n",
          requests, 1682, q(rec, .5), q(rec, .99), q(rec, .999), q(health, .5), q(health, .99),
          q(health, .999), (double) q(rec, .99) / q(health, .99));

      long t2 = System.nanoTime();
      publish(bootstrap, serdes, Topics.COMMANDS, rollback());
      awaitVersion(serving, v1);
      System.out.printf("rollback command -> first response from v1: %d ms%n", ms(t2));
    }
  }

  static ValidationPassed validated(ArtifactStore store, RatingTable data, String version, long seed)
      throws Exception {
    var factors =
        new SgdMatrixFactorization(new SgdMfConfig(10, 20, 0.01, 0.05, 0.1, seed)).train(data);
    ModelCard card =
        new ModelCard(MODEL, version, "recommender-sgd-mf", Map.of(), "0".repeat(40),
            "run-" + version, data.sha256(), data.sha256(), Map.of(), Instant.now());
    StoredArtifact stored = ArtifactFormat.store(store, new ModelArtifact(card, factors));
    return ValidationPassed.newBuilder()
        .setMeta(meta("run-" + version))
        .setModel(MODEL)
        .setVersion(version)
        .setCommitSha("0".repeat(40))
        .setArtifact(new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes()))
        .setMetrics(Map.of())
        .setReport(ValidationReport.newBuilder().setPolicyHash("smoke").build())
        .build();
  }

  static PipelineCommand rollback() {
    return PipelineCommand.newBuilder()
        .setMeta(meta("run-rollback"))
        .setModel(MODEL)
        .setRequestedBy("smoke")
        .setCommand(Rollback.newBuilder().setReason("smoke test").build())
        .build();
  }

  static EventMeta meta(String runId) {
    return EventMeta.newBuilder().setEventId(UUID.randomUUID().toString()).setRunId(runId)
        .setOccurredAt(Instant.now()).setProducer("smoke").build();
  }

  static <V extends SpecificRecord> void publish(
      String bootstrap, EventSerdes serdes, Topic<V> topic, V value) throws Exception {
    try (KafkaProducer<String, V> p =
        new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), EventSerdes.keySerializer(),
            serdes.valueSerializer(topic))) {
      p.send(new ProducerRecord<>(topic.name(), MODEL, value)).get();
    }
  }

  static String versionFor(URI serving, int user) throws Exception {
    return get(serving, "/v1/models/" + MODEL + "/recommend?user=" + user + "&k=10")
        .headers().firstValue("X-Model-Version").orElse("none");
  }

  static void awaitVersion(URI serving, String version) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!versionFor(serving, 1).equals(version)) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("no " + version);
    }
  }

  static void awaitAllUsers(URI serving, String version) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      boolean all = true;
      for (int u = 1; u <= 50 && all; u++) all = versionFor(serving, u).equals(version);
      if (all) return;
      if (System.nanoTime() > deadline) throw new IllegalStateException("not all on " + version);
    }
  }

  static long[] measure(URI serving, String pathFormat, int n) throws Exception {
    for (int i = 0; i < 500; i++) get(serving, String.format(pathFormat, 1 + i % 943));
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      HttpResponse<String> r = get(serving, String.format(pathFormat, 1 + i % 943));
      micros[i] = (System.nanoTime() - s) / 1000;
      if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    Arrays.sort(micros);
    return micros;
  }

  static long q(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  static HttpResponse<String> get(URI serving, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(serving.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
