package dev.mlpipe.events.registry.server;

import static dev.mlpipe.events.registry.server.RawHttp.SR_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Garbage in gets a 4xx with a Confluent error body that says what is wrong, never a 500. */
class MalformedRequestTest {

  static final String VALID =
      "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[]}\"}";

  static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void start() {
    registry = EmbeddedSchemaRegistry.startInMemory();
    RawHttp.send(registry.url(), "POST", "/subjects/known/versions", SR_JSON, VALID);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static Stream<Arguments> garbage() {
    String register = "/subjects/s/versions";
    return Stream.of(
        arguments("POST", register, SR_JSON, "{not json", 422, 422),
        arguments("POST", register, SR_JSON, "", 422, 422),
        arguments("POST", register, SR_JSON, "[1,2,3]", 422, 422),
        arguments("POST", register, SR_JSON, "\"just a string\"", 422, 422),
        arguments("POST", register, SR_JSON, "{}", 422, 42201),
        arguments("POST", register, SR_JSON, "{\"schema\": 42}", 422, 42201),
        arguments("POST", register, SR_JSON, "{\"schema\": null}", 422, 42201),
        arguments("POST", register, SR_JSON, "{\"schema\": \"\"}", 422, 42201),
        arguments("POST", register, SR_JSON, "{\"schema\": \"not avro at all\"}", 422, 42201),
        arguments(
            "POST",
            register,
            SR_JSON,
            "{\"schema\": \"{\\\"type\\\":\\\"record\\\"}\"}",
            422,
            42201),
        arguments(
            "POST",
            register,
            SR_JSON,
            "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":"
                + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\",\\\"default\\\":\\\"x\\\"}]}\"}",
            422,
            42201),
        arguments("POST", register, "text/plain", VALID, 415, 415),
        arguments("POST", register, "application/x-www-form-urlencoded", VALID, 415, 415),
        arguments("POST", "/subjects/known", SR_JSON, "{\"schema\": [", 422, 422),
        arguments(
            "POST", "/compatibility/subjects/known/versions/latest", SR_JSON, "nope", 422, 422),
        arguments("POST", "/compatibility/subjects/known/versions/zzz", SR_JSON, VALID, 422, 42202),
        arguments("PUT", "/config", SR_JSON, "{\"compatibility\": 7}", 422, 42203),
        arguments("PUT", "/config", SR_JSON, "garbage", 422, 422),
        arguments("PUT", "/config/known", SR_JSON, "{\"compatibility\": \"\"}", 422, 42203),
        arguments("GET", "/subjects/known/versions/99999999999", null, null, 422, 42202),
        arguments("GET", "/subjects/known/versions/%E2%82", null, null, 422, 42202),
        arguments("DELETE", "/subjects/known/versions/latest%20please", null, null, 422, 42202),
        arguments("GET", "/schemas/ids/1.5", null, null, 404, 40403),
        arguments("GET", "/subjects//versions", null, null, 404, 404),
        arguments("POST", "/schemas/ids/1", SR_JSON, VALID, 405, 405));
  }

  @ParameterizedTest(name = "{0} {1} [{2}] {3} -> {4}/{5}")
  @MethodSource("garbage")
  void shouldAnswerMalformedRequestsWithAClear4xx(
      String method, String path, String contentType, String body, int status, int code) {
    RawHttp.Reply reply = RawHttp.send(registry.url(), method, path, contentType, body);

    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo(SR_JSON);
    JsonNode error = reply.json();
    assertThat(error.get("error_code").asInt()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  @Test
  void shouldAnswerABrokenPercentEncodingWithA4xx() throws Exception {
    URI url = URI.create(registry.url());
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /subjects/%zz/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // the JDK's HTTP server refuses such a request line itself, before the registry sees it
      assertThat(answer).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void shouldAcceptPlainJsonOctetStreamAndNoContentType() {
    for (String type :
        new String[] {
          "application/json",
          "application/octet-stream",
          null,
          "application/vnd.schemaregistry.v1+json; charset=utf-8"
        }) {
      RawHttp.Reply reply =
          RawHttp.send(registry.url(), "POST", "/subjects/types/versions", type, VALID);
      assertThat(reply.status()).as("content type %s: %s", type, reply.text()).isEqualTo(200);
      assertThat(reply.json().get("id").isInt()).isTrue();
    }
  }
}
