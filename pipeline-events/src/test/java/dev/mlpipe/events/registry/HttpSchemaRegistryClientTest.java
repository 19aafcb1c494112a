package dev.mlpipe.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlpipe.events.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a tiny scripted HTTP server: retries, errors, auth headers, request shape. */
class HttpSchemaRegistryClientTest {

  static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

  /** What the scripted server saw. */
  record Seen(String method, String path, String authorization, String contentType, String body) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Starts a server that answers every request with {@code responder}. */
  private String serve(Responder responder) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath()
                      + (exchange.getRequestURI().getRawQuery() == null
                          ? ""
                          : "?" + exchange.getRequestURI().getRawQuery()),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body));
          responder.respond(exchange);
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static RegistryClientConfig fastRetries(String url, int retries) {
    return RegistryClientConfig.of(url)
        .withRetries(retries, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10));
  }

  @Test
  void shouldRetryAndThenNameTheUrlWhenNothingListens() {
    String url = "http://127.0.0.1:" + EmbeddedKafka.freePort();
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 3))) {
      assertThatThrownBy(() -> client.subjects())
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("4 attempt(s)")
          .hasCauseInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void shouldRetryServerErrorsUntilTheRegistryAnswers() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    String url =
        serve(
            exchange -> {
              if (calls.incrementAndGet() < 3) {
                reply(exchange, 503, "{\"error_code\":50002,\"message\":\"busy\"}");
              } else {
                reply(exchange, 200, "[\"a-value\"]");
              }
            });
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 5))) {
      assertThat(client.subjects()).containsExactly("a-value");
    }
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void shouldGiveUpOnPersistentServerErrorsWithTheLastReason() throws IOException {
    String url =
        serve(
            exchange -> reply(exchange, 500, "{\"error_code\":50001,\"message\":\"store down\"}"));
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 2))) {
      assertThatThrownBy(() -> client.globalCompatibility())
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining(url + "/config")
          .hasMessageContaining("store down");
    }
    assertThat(seen).hasSize(3);
  }

  @Test
  void shouldTurnErrorBodiesIntoRegistryExceptionsWithoutRetrying() throws IOException {
    String url =
        serve(
            exchange ->
                reply(
                    exchange,
                    404,
                    "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}"));
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 5))) {
      assertThatThrownBy(() -> client.versions("x"))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.errorCode()).isEqualTo(40401);
                assertThat(e.getMessage()).isEqualTo("Subject 'x' not found.");
              });
    }
    assertThat(seen).hasSize(1);
  }

  @Test
  void shouldReportANonRegistryErrorPageWithItsStatus() throws IOException {
    String url = serve(exchange -> reply(exchange, 403, "<html>forbidden</html>"));
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 0))) {
      assertThatThrownBy(() -> client.subjects())
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(403);
                assertThat(e.getMessage()).contains("forbidden").contains(url);
              });
    }
  }

  @Test
  void shouldSendBasicAuthCredentials() throws IOException {
    String url = serve(exchange -> reply(exchange, 200, "[]"));
    try (var client =
        new HttpSchemaRegistryClient(fastRetries(url, 0).withBasicAuth("alice", "s3cret:x"))) {
      client.subjects();
    }
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes(StandardCharsets.UTF_8));
    assertThat(seen).singleElement().extracting(Seen::authorization).isEqualTo(expected);
  }

  @Test
  void shouldSendABearerToken() throws IOException {
    String url = serve(exchange -> reply(exchange, 200, "[]"));
    try (var client =
        new HttpSchemaRegistryClient(fastRetries(url, 0).withBearerToken("tok-123"))) {
      client.subjects();
    }
    assertThat(seen).singleElement().extracting(Seen::authorization).isEqualTo("Bearer tok-123");
  }

  @Test
  void shouldSendNoAuthorizationWhenNoneIsConfigured() throws IOException {
    String url = serve(exchange -> reply(exchange, 200, "[]"));
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 0))) {
      client.subjects();
    }
    assertThat(seen).singleElement().extracting(Seen::authorization).isNull();
  }

  @Test
  void shouldPostTheCanonicalSchemaAsAvroWithTheRegistryContentType() throws IOException {
    String url = serve(exchange -> reply(exchange, 200, "{\"id\": 7}"));
    try (var client = new HttpSchemaRegistryClient(fastRetries(url + "/prefix/", 0))) {
      assertThat(client.register("orders-value", SCHEMA)).isEqualTo(7);
      // cached: the second call does not reach the server
      assertThat(client.register("orders-value", SCHEMA)).isEqualTo(7);
    }
    assertThat(seen).hasSize(1);
    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/prefix/subjects/orders-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.body());
    assertThat(body.get("schema").asText()).isEqualTo(SCHEMA.toString());
    assertThat(body.get("schemaType").asText()).isEqualTo("AVRO");
  }

  @Test
  void shouldUseConfluentPathsAndQueryParameters() throws IOException {
    String url =
        serve(
            exchange -> {
              String path = exchange.getRequestURI().getPath();
              if (path.startsWith("/compatibility")) {
                reply(exchange, 200, "{\"is_compatible\": false, \"messages\": [\"why\"]}");
              } else if (path.startsWith("/config")) {
                reply(exchange, 200, "{\"compatibilityLevel\": \"FULL\"}");
              } else if (exchange.getRequestMethod().equals("DELETE")
                  && path.contains("/versions/")) {
                reply(exchange, 200, "3");
              } else {
                reply(exchange, 200, "[1]");
              }
            });
    try (var client = new HttpSchemaRegistryClient(fastRetries(url, 0))) {
      assertThat(client.testCompatibility("s", "latest", SCHEMA))
          .isEqualTo(new CompatibilityResult(false, List.of("why")));
      assertThat(client.subjectCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
      client.setSubjectCompatibility("s", CompatibilityLevel.FORWARD);
      client.setGlobalCompatibility(CompatibilityLevel.NONE);
      assertThat(client.deleteSubject("s", true)).containsExactly(1);
      assertThat(client.deleteVersion("s", "3", false)).isEqualTo(3);
    }
    assertThat(seen)
        .extracting(s -> s.method() + " " + s.path())
        .containsExactly(
            "POST /compatibility/subjects/s/versions/latest?verbose=true",
            "GET /config/s?defaultToGlobal=true",
            "PUT /config/s",
            "PUT /config",
            "DELETE /subjects/s?permanent=true",
            "DELETE /subjects/s/versions/3");
    assertThat(seen.get(2).body()).isEqualTo("{\"compatibility\":\"FORWARD\"}");
  }
}
