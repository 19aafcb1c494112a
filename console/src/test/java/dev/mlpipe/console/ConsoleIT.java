package dev.mlpipe.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console on a real broker and registry: its pages and its live stream, over real HTTP. */
@Timeout(180)
class ConsoleIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient registryClient;
  private static KafkaProducer<String, SpecificRecord> producer;
  private static RunningStage console;
  private static URI base;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    registryClient = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(registryClient).registerCatalogue();
    EventSerdes serdes = new EventSerdes(registryClient);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new AvroWireSerializer<>(registryClient, serdes.config()));
    StageEnvironment env =
        new StageEnvironment(
            kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "it");
    console = ConsoleApp.start(env, ConsoleConfig.anyFreePort());
    base = URI.create(console.endpoints().get("console"));
  }

  @AfterAll
  static void stop() {
    Stream.<AutoCloseable>of(console, producer, registryClient, registry, kafka)
        .forEach(
            c -> {
              try {
                if (c != null) {
                  c.close();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Test
  void shouldShowAPublishedRunWithItsStagesTimelineAndTrace() throws Exception {
    String runId = "it-run-" + UUID.randomUUID();
    RunStory story = new RunStory(runId, "recommender", Instant.parse("2026-11-16T10:00:00Z"));
    publish(story.happyPath());

    // The run shows up with its first event; wait until the feed has read its last one.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(get("/runs/" + runId).body()).contains("production</td><td>succeeded"));
    HttpResponse<String> runs = get("/runs");
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("recommender").contains("in production");

    HttpResponse<String> run = get("/runs/" + runId);
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(run.body())
        .contains(runId)
        .contains("training</td><td>succeeded")
        .contains("validation</td><td>succeeded")
        .contains("staging</td><td>succeeded")
        .contains("production</td><td>succeeded")
        .contains(RunStory.SHA)
        .contains(RunStory.DATA_HASH)
        .contains(RunStory.ARTIFACT)
        .contains(RunStory.POLICY_HASH)
        .contains("rmse_absolute")
        .contains("&quot;trafficPercent&quot; : 50");

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("mlpipe_kafka_up 1")
        .contains("mlpipe_console_records_read_total{topic=\"mlpipe.model-deployed\"}");

    HttpResponse<String> delivery = get("/delivery");
    assertThat(delivery.statusCode()).isEqualTo(200);
    assertThat(delivery.body()).contains("recommender").contains("2026-W47");
  }

  @Test
  void shouldShowTopicsBrowseMessagesByOffsetAndDeadLettersWithTheirErrorHeaders()
      throws Exception {
    String runId = "it-browse-" + UUID.randomUUID();
    RunStory story = new RunStory(runId, "browse-model", Instant.now());
    publish(List.of(story.commit(0)));
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers,
        new IllegalStateException("spec mlpipe.yaml has no model"),
        Topics.COMMIT.name(),
        0,
        41,
        "trainer",
        Instant.now());
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(
              new ProducerRecord<>(
                  Topics.COMMIT.deadLetterTopic(),
                  0,
                  "broken-model",
                  "not avro".getBytes(StandardCharsets.UTF_8),
                  headers))
          .get();
    }

    HttpResponse<String> topics = get("/topics");
    assertThat(topics.statusCode()).isEqualTo(200);
    assertThat(topics.body())
        .contains("mlpipe.commit")
        .contains("mlpipe.commit.dlq")
        .contains("forever");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String body = pages("/topics/mlpipe.commit?partition=%d&offset=0");
              assertThat(body).contains(runId);
            });

    HttpResponse<String> dlq = get("/topics/mlpipe.commit.dlq?partition=0&offset=0");
    assertThat(dlq.statusCode()).isEqualTo(200);
    assertThat(dlq.body())
        .contains("java.lang.IllegalStateException")
        .contains("spec mlpipe.yaml has no model")
        .contains("trainer")
        .contains("Cannot decode");
  }

  @Test
  void shouldReplayADeadLetterFromItsPageWithTheTokenAndBrowseByTimeAndRun() throws Exception {
    String runId = "it-replay-" + UUID.randomUUID();
    RunStory story = new RunStory(runId, "replay-model", Instant.now());
    PipelineEvent commit = story.commit(0);
    byte[] original;
    try (AvroWireSerializer<SpecificRecord> serializer =
        new AvroWireSerializer<>(registryClient, new EventSerdes(registryClient).config())) {
      original = serializer.serialize(Topics.COMMIT.name(), commit.value());
    }
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers,
        new IllegalStateException("the repository was not reachable"),
        Topics.COMMIT.name(),
        0,
        3,
        "trainer",
        Instant.now());
    long dlqOffset;
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      dlqOffset =
          raw.send(
                  new ProducerRecord<>(
                      Topics.COMMIT.deadLetterTopic(), 1, "replay-model", original, headers))
              .get()
              .offset();
    }
    String token =
        java.nio.file.Files.readString(dataDir.resolve("console").resolve("token")).trim();

    HttpResponse<String> refused =
        post(
            "/api/dlq/replay",
            "topic=" + Topics.COMMIT.deadLetterTopic() + "&partition=1&offset=" + dlqOffset,
            null);
    assertThat(refused.statusCode()).isEqualTo(401);
    HttpResponse<String> replayed =
        post(
            "/api/dlq/replay",
            "topic=" + Topics.COMMIT.deadLetterTopic() + "&partition=1&offset=" + dlqOffset,
            token);
    assertThat(replayed.statusCode()).isEqualTo(202);
    assertThat(replayed.body()).contains("\"replayed\":1").contains("\"to\":\"mlpipe.commit\"");

    // The replayed commit is a run of its own again, found by its run id on the commit topic.
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(get("/runs/" + runId).statusCode()).isEqualTo(200));
    String byRun =
        pages(
            "/topics/mlpipe.commit?partition=%d&time="
                + Instant.now().minusSeconds(120)
                + "&runId="
                + runId.substring(0, 20));
    assertThat(byRun).contains(runId).contains("mlpipe.replay.from").contains("1 matching of");
  }

  @Test
  void shouldStreamANewlyPublishedEventOverServerSentEvents() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        http.sendAsync(
            HttpRequest.newBuilder(base.resolve("/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> stream = response.get();
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    await().atMost(WAIT).until(() -> lines.contains(": connected"));

    String runId = "it-live-" + UUID.randomUUID();
    publish(List.of(new RunStory(runId, "live-model", Instant.now()).commit(0)));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(lines)
                    .anyMatch(l -> l.startsWith("data: ") && l.contains(runId))
                    .contains("event: pipeline"));
  }

  @Test
  void shouldAnswerAnUnknownRunWith404PointingToTheRunsAndRefuseChangesWithoutAToken()
      throws Exception {
    HttpResponse<String> unknown = get("/runs/no-such-run");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("There is no run").contains("href=\"/runs\"");

    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(base.resolve("/runs"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(401);

    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(get("/").body()).contains("Consumer groups").contains("Latest events");
    HttpResponse<String> css = get("/static/console.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(get("/static/console.js").statusCode()).isEqualTo(200);
  }

  /** The page of the partition a commit of {@code browse-model} landed on. */
  private static String pages(String pathTemplate) throws IOException, InterruptedException {
    StringBuilder all = new StringBuilder();
    for (int p = 0; p < Topics.COMMIT.partitions(); p++) {
      all.append(get(String.format(pathTemplate, p)).body());
    }
    return all.toString();
  }

  private static void publish(List<PipelineEvent> events) throws Exception {
    for (PipelineEvent event : events) {
      producer.send(new ProducerRecord<>(event.topic(), event.model(), event.value())).get();
    }
  }

  private static HttpResponse<String> post(String path, String form, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
