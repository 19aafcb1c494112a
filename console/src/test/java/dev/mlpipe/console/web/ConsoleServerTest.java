package dev.mlpipe.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.dlq.DeadLetterQueue;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.feed.LiveEvent;
import dev.mlpipe.console.models.CommandSink;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.FakeSchemaRegistryClient;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Rollback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's HTTP rules over real HTTP on loopback, with the pages' data held in memory. */
class ConsoleServerTest {

  private static final String TOKEN = "s3cret-token";
  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<PipelineCommand> published = new CopyOnWriteArrayList<>();
  private final EventStore store = new EventStore(Clock.systemUTC());
  private ClusterView cluster;
  private final DeadLetterQueue dlq = DeadLetterQueue.connect("127.0.0.1:1", Clock.systemUTC());
  private ConsoleServer server;

  private URI start(boolean loopbackOnly) {
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));
    cluster =
        new ClusterView("127.0.0.1:1", admin, new EventSerdes(new FakeSchemaRegistryClient()));
    CommandSink sink =
        command -> {
          published.add(command);
          return new CommandSink.Receipt("mlpipe.commands", 0, published.size() - 1);
        };
    server =
        ConsoleServer.start(
            "127.0.0.1",
            0,
            new Access(loopbackOnly, TOKEN),
            new Pages(ZoneOffset.UTC),
            new ConsoleServer.Services(
                store, cluster, sink, new EventMetas("console@test", Clock.systemUTC()), dlq));
    for (PipelineEvent e : new RunStory("run-1", "recommender", T0).happyPath()) {
      store.add(
          new LiveEvent(e.topic(), 0, 0, e.occurredAt(), e.model(), e.type(), e.runId(), ""),
          e,
          e.occurredAt().toEpochMilli());
    }
    return server.url();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    dlq.close();
  }

  @Test
  void shouldShowTheModelsPageWithoutATokenOnLoopback() throws Exception {
    URI base = start(true);

    HttpResponse<String> page = get(base.resolve("/models"), null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("recommender")
        .contains("production: <strong>v1</strong> 100%");
  }

  @Test
  void shouldRefuseACommandWithout401AndWithAWrongTokenWith403SayingWhatToDo() throws Exception {
    URI base = start(true);

    HttpResponse<String> none = post(base, "action=rollback&model=recommender", null);
    HttpResponse<String> wrong = post(base, "action=rollback&model=recommender", "Bearer nope");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("needs the console's bearer token").contains("console.token");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("not this console's token");
    assertThat(published).isEmpty();
  }

  @Test
  void shouldPublishTheCommandOfAButtonWithTheToken() throws Exception {
    URI base = start(true);

    HttpResponse<String> response =
        post(base, "action=rollback&model=recommender&toVersion=v0&by=ada", "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"command\":\"Rollback\"").contains("\"offset\":0");
    assertThat(published).hasSize(1);
    PipelineCommand command = published.get(0);
    assertThat(command.getModel()).isEqualTo("recommender");
    assertThat(command.getRequestedBy()).isEqualTo("console:ada");
    assertThat(((Rollback) command.getCommand()).getToVersion()).isEqualTo("v0");
  }

  @Test
  void shouldAnswer400NamingTheMissingFieldOfACommand() throws Exception {
    URI base = start(true);

    HttpResponse<String> response = post(base, "action=approve&model=m", "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("runId is required");
    assertThat(published).isEmpty();
  }

  @Test
  void shouldNeedTheTokenToReadWhenNotOnLoopbackOnly() throws Exception {
    URI base = start(false);

    assertThat(get(base.resolve("/models"), null).statusCode()).isEqualTo(401);
    assertThat(get(base.resolve("/models"), "Bearer nope").statusCode()).isEqualTo(403);
    assertThat(get(base.resolve("/models"), "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeCommandsOnlyByPostAndPagesOnlyByGet() throws Exception {
    URI base = start(true);

    assertThat(get(base.resolve("/api/commands"), null).statusCode()).isEqualTo(405);
    HttpResponse<String> postPage =
        http.send(
            HttpRequest.newBuilder(base.resolve("/models"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(postPage.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldServePrometheusMetricsSayingKafkaIsDownWhenItDoesNotAnswer() throws Exception {
    URI base = start(true);

    HttpResponse<String> metrics = get(base.resolve("/metrics"), null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("mlpipe_kafka_up 0")
        .contains("mlpipe_console_records_read_total{topic=\"mlpipe.model-deployed\"} 4");
  }

  @Test
  void shouldLetABrowserOffLoopbackLogInWithTheTokenAndReadWithAnHttpOnlyStrictCookie()
      throws Exception {
    URI base = start(false);

    HttpResponse<String> before = browser(base.resolve("/models"), null);
    assertThat(before.statusCode()).isEqualTo(303);
    assertThat(before.headers().firstValue("Location")).hasValue("/login");
    assertThat(browser(base.resolve("/login"), null).body()).contains("name=\"token\"");

    HttpResponse<String> wrong = login(base, "nope");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> right = login(base, TOKEN);
    assertThat(right.statusCode()).isEqualTo(303);
    String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(Access.COOKIE + "=")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .doesNotContain(TOKEN);
    String session = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> models = browser(base.resolve("/models"), session);
    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(models.body()).contains("recommender");
    // The cookie reads; a change still needs the bearer token.
    HttpRequest command =
        HttpRequest.newBuilder(base.resolve("/api/commands"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", session)
            .POST(HttpRequest.BodyPublishers.ofString("action=rollback&model=recommender"))
            .build();
    assertThat(http.send(command, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    assertThat(published).isEmpty();
    assertThat(browser(base.resolve("/models"), Access.COOKIE + "=forged").statusCode())
        .isEqualTo(303);
  }

  private HttpResponse<String> browser(URI uri, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "text/html,application/xhtml+xml");
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> login(URI base, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/login"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI uri, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI base, String form, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/commands"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
