package dev.mlpipe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.AvroWireDeserializer;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.webhook.WebhookBridgeApp;
import dev.mlpipe.webhook.config.WebhookBridgeConfig;
import dev.mlpipe.webhook.signature.Signatures;
import dev.mlpipe.webhook.signature.WebhookSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook bridge end to end: signed GitHub push deliveries over HTTP on 127.0.0.1 to the bridge
 * (signature, decision, Avro, one Kafka transaction with the delivery id, answer after commit),
 * measured as deliveries accepted per second with concurrent senders, against {@code
 * ProducerPerformance} (acks=all, records of the CommitPushed's size), and as the p99 from sending
 * the request to the event being readable by a read_committed consumer, one delivery at a time,
 * against {@code EndToEndLatency} (acks=all, same size) in the same run.
 */
final class WebhookBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookBench.class);
  private static final String SECRET = "bench-webhook-secret-0123456789";
  private static final int SENDERS = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    int deliveries = (int) options.records(1_000, 5_000);
    int latencyDeliveries = Math.max(200, Math.min(deliveries, 2_000));
    Path data = Files.createTempDirectory("mlpipe-bench-webhook-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), 0, true, Map.of());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.startInMemory()) {
      try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
        topics.createCatalogue();
      }
      StageEnvironment env =
          new StageEnvironment(
              kafka.bootstrapServers(), URI.create(registry.url()), data, "dev", "bench");
      try (RunningStage bridge =
              WebhookBridgeApp.start(
                  env,
                  WebhookBridgeConfig.defaults()
                      .withPort(0)
                      .withSecrets(new WebhookSecrets(List.of(SECRET))),
                  (secret, file) -> {});
          Arrivals arrivals = new Arrivals(kafka.bootstrapServers(), registry.url())) {
        URI url = URI.create(bridge.endpoints().get(WebhookBridgeApp.ENDPOINT));
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(SENDERS))
                .build();
        AtomicLong sequence = new AtomicLong();
        int eventBytes = arrivals.awaitOne(http, url, sequence).valueBytes();
        progress("CommitPushed on the topic: %d B; warm-up: %d deliveries", eventBytes, 200);
        throughput(http, url, sequence, 200);

        List<Double> perSecond = new ArrayList<>();
        List<Double> producerPerSecond = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> endToEndP99 = new ArrayList<>();
        for (int i = 1; i <= options.repetitions(); i++) {
          // The baselines' topics exist, with leaders, before their tools start (auto-creation is
          // off); EndToEndLatency wants exactly one partition.
          try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
            topics.create(
                new TopicSetup.Spec("bench-webhook-perf-" + i, 1, Map.of()),
                new TopicSetup.Spec("bench-webhook-e2e-" + i, 1, Map.of()));
          }
          double rate = throughput(http, url, sequence, deliveries);
          double producer =
              KafkaTools.producerPerformance(
                      List.of(
                          "--topic",
                          "bench-webhook-perf-" + i,
                          "--num-records",
                          String.valueOf(deliveries * 10L),
                          "--record-size",
                          String.valueOf(eventBytes),
                          "--throughput",
                          "-1",
                          "--producer-props",
                          "bootstrap.servers=" + kafka.bootstrapServers(),
                          "acks=all"))
                  .recordsPerSec();
          double latency = p99(arrivals.latencies(http, url, sequence, latencyDeliveries));
          long baseline =
              KafkaTools.endToEndLatency(
                      List.of(
                          "--bootstrap-server", kafka.bootstrapServers(),
                          "--topic", "bench-webhook-e2e-" + i,
                          "--num-records", String.valueOf(latencyDeliveries),
                          "--producer-acks", "all",
                          "--record-size", String.valueOf(eventBytes)))
                  .p99Ms();
          perSecond.add(rate);
          producerPerSecond.add(producer);
          p99.add(latency);
          // EndToEndLatency reports whole milliseconds; 0 would make the ratio meaningless.
          endToEndP99.add((double) Math.max(baseline, 1));
          progress(
              "run %d/%d: bridge %,.0f deliveries/s (ProducerPerformance %,.0f records/s);"
                  + " p99 request -> readable %.1f ms (EndToEndLatency p99 %d ms)",
              i, options.repetitions(), rate, producer, latency, baseline);
        }
        List<String> common =
            List.of(
                String.format(
                    Locale.ROOT,
                    "one in-process KRaft broker and the embedded registry; the bridge in the same"
                        + " JVM on 127.0.0.1 (JDK HttpServer, 16 handler threads); signed push"
                        + " deliveries of %d B JSON, each a new delivery id and commit sha; a"
                        + " CommitPushed of %d B on %s",
                    samplePayload(0).length,
                    eventBytes,
                    Topics.COMMIT.name()),
                "accepted = answered 200 after the transaction holding the event and the delivery"
                    + " id committed (acks=all); concurrent deliveries share a transaction");
        List<String> throughputNotes = new ArrayList<>(common);
        throughputNotes.add(
            String.format(
                Locale.ROOT,
                "%,d deliveries per run from %d concurrent senders (java.net.http, HTTP/1.1);"
                    + " ProducerPerformance: %,d records of %d B, acks=all, --throughput -1, its"
                    + " records/sec. The ratio is the price of HTTP, HMAC, JSON, Avro and the"
                    + " transaction per delivery, not a goal",
                deliveries,
                SENDERS,
                deliveries * 10L,
                eventBytes));
        List<String> latencyNotes = new ArrayList<>(common);
        latencyNotes.add(
            String.format(
                Locale.ROOT,
                "%,d deliveries one at a time: from before the request is sent to the moment a"
                    + " read_committed consumer tailing the topic returns the event; the p99 of"
                    + " each run; EndToEndLatency: the same count, acks=all, records of the same"
                    + " size, its 99th percentile (whole ms, at least 1)",
                latencyDeliveries));
        return List.of(
            new BenchResult(
                "webhook-deliveries",
                "webhook bridge: signed GitHub deliveries accepted",
                Stats.median(perSecond),
                "deliveries/s",
                perSecond,
                Optional.of(BenchResult.Baseline.of("ProducerPerformance", producerPerSecond)),
                OptionalDouble.empty(),
                BenchResult.Direction.HIGHER_IS_BETTER,
                throughputNotes,
                run),
            new BenchResult(
                "webhook-p99",
                "webhook bridge: p99 from request to event readable on the topic",
                Stats.median(p99),
                "ms",
                p99,
                Optional.of(BenchResult.Baseline.of("EndToEndLatency p99", endToEndP99)),
                OptionalDouble.empty(),
                BenchResult.Direction.LOWER_IS_BETTER,
                latencyNotes,
                run));
      }
    }
  }

  /** Sends {@code count} distinct deliveries from {@link #SENDERS} threads; deliveries/s. */
  private static double throughput(HttpClient http, URI url, AtomicLong sequence, int count)
      throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(request(url, sequence.incrementAndGet()));
    }
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < SENDERS; t++) {
        done.add(
            senders.submit(
                () -> {
                  for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    HttpResponse<String> response =
                        http.send(requests.get((int) i), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200
                        || !response.body().contains("\"published\":true")) {
                      throw new IllegalStateException(
                          "delivery not accepted: "
                              + response.statusCode()
                              + " "
                              + response.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
      return count / ((System.nanoTime() - start) / 1e9);
    } finally {
      senders.shutdownNow();
    }
  }

  private static HttpRequest request(URI url, long n) {
    byte[] body = samplePayload(n);
    return HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", "bench-" + n + "-" + System.nanoTime())
        .header("X-Hub-Signature-256", Signatures.sign(SECRET, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  static String shaOf(long n) {
    return String.format(Locale.ROOT, "%040x", n);
  }

  /** A push in GitHub's format (one commit, one changed path) for commit number {@code n}. */
  static byte[] samplePayload(long n) {
    String sha = shaOf(n);
    ObjectNode push = JSON.createObjectNode();
    push.put("ref", "refs/heads/main");
    push.put("before", HexFormat.of().formatHex(new byte[20]));
    push.put("after", sha);
    push.put("created", false);
    push.put("deleted", false);
    push.put("forced", false);
    push.put("compare", "https://github.com/acme/recsys/compare/0000...1111");
    ObjectNode commit = push.putArray("commits").addObject();
    commit.put("id", sha);
    commit.put("tree_id", "f9d2a07e9488b91af2641b26b9407fe22a451433");
    commit.put("distinct", true);
    commit.put("message", "Tune the factor count for the next run");
    commit.put("timestamp", "2026-11-23T12:00:00+01:00");
    commit.put("url", "https://github.com/acme/recsys/commit/" + sha);
    commit.putObject("author").put("name", "Ada Lovelace").put("email", "ada@example.com");
    commit.putObject("committer").put("name", "GitHub").put("email", "noreply@github.com");
    commit.putArray("added");
    commit.putArray("removed");
    commit.putArray("modified").add("models/recsys/mlpipe.yaml");
    push.set("head_commit", commit.deepCopy());
    ObjectNode repo = push.putObject("repository");
    repo.put("id", 35129377);
    repo.put("name", "recsys");
    repo.put("full_name", "acme/recsys");
    repo.put("private", false);
    repo.put("html_url", "https://github.com/acme/recsys");
    repo.put("clone_url", "https://github.com/acme/recsys.git");
    repo.put("default_branch", "main");
    push.putObject("pusher").put("name", "ada").put("email", "ada@example.com");
    push.putObject("sender").put("login", "ada").put("id", 21031067);
    return push.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double p99(List<Double> samples) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.info(line);
    System.out.println("bench: " + line);
  }

  /** Tails the commit topic (read_committed) and tells when the event of a commit sha arrives. */
  private static final class Arrivals implements AutoCloseable {

    record Arrival(long nanos, int valueBytes) {}

    private final Map<String, CompletableFuture<Arrival>> waiting = new ConcurrentHashMap<>();
    private final HttpSchemaRegistryClient client;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroWireDeserializer<CommitPushed> decoder;
    private final Thread thread;
    private volatile boolean running = true;

    Arrivals(String bootstrap, String registryUrl) {
      this.client = HttpSchemaRegistryClient.of(registryUrl);
      this.decoder = AvroWireDeserializer.specific(client, CommitPushed.class);
      Map<String, Object> props = new HashMap<>();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      this.consumer =
          new KafkaConsumer<>(
              props,
              new StringDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.COMMIT.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      this.thread = new Thread(this::tail, "bench-webhook-tail");
      thread.setDaemon(true);
      thread.start();
    }

    private void tail() {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          CommitPushed event = decoder.deserialize(record.topic(), record.value());
          CompletableFuture<Arrival> future = waiting.remove(event.getSha());
          if (future != null) {
            future.complete(new Arrival(now, record.value().length));
          }
        }
      }
    }

    Arrival awaitOne(HttpClient http, URI url, AtomicLong sequence) throws Exception {
      long n = sequence.incrementAndGet();
      CompletableFuture<Arrival> arrival = new CompletableFuture<>();
      waiting.put(shaOf(n), arrival);
      http.send(request(url, n), HttpResponse.BodyHandlers.discarding());
      return arrival.get(30, TimeUnit.SECONDS);
    }

    /** Milliseconds from before each request to its event read, one delivery at a time. */
    List<Double> latencies(HttpClient http, URI url, AtomicLong sequence, int count)
        throws Exception {
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long n = sequence.incrementAndGet();
        HttpRequest request = request(url, n);
        CompletableFuture<Arrival> arrival = new CompletableFuture<>();
        waiting.put(shaOf(n), arrival);
        long start = System.nanoTime();
        http.send(request, HttpResponse.BodyHandlers.discarding());
        latencies.add((arrival.get(30, TimeUnit.SECONDS).nanos() - start) / 1e6);
      }
      return latencies;
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close();
      client.close();
    }
  }
}
