package dev.mlpipe.webhook.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mlpipe.events.json.JsonProblem;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.webhook.api.ApiDecision;
import dev.mlpipe.webhook.api.EventRequests;
import dev.mlpipe.webhook.api.IdempotencyKey;
import dev.mlpipe.webhook.api.OpenApi;
import dev.mlpipe.webhook.ledger.EventLedger;
import dev.mlpipe.webhook.ledger.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/events/{event-type}} and {@code GET /v1/openapi.json}. */
public final class EventsApiHandler implements HttpHandler {

  /** The path prefix of the API. */
  public static final String PREFIX = "/v1/";

  private static final String EVENTS = "/v1/events/";
  private static final String OPENAPI = "/v1/openapi.json";

  private static final Logger log = LoggerFactory.getLogger(EventsApiHandler.class);

  private final EventRequests requests;
  private final EventLedger ledger;
  private final EventEncoder encoder;
  private final EventMetas metas;
  private final Duration ackTimeout;
  private final String openApi = OpenApi.json();

  public EventsApiHandler(
      EventRequests requests,
      EventLedger ledger,
      EventEncoder encoder,
      EventMetas metas,
      Duration ackTimeout) {
    this.requests = Objects.requireNonNull(requests, "requests");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.metas = Objects.requireNonNull(metas, "metas");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(OPENAPI)) {
        if (!method.equals("GET")) {
          exchange.getResponseHeaders().set("Allow", "GET");
          Exchanges.respond(exchange, 405, Exchanges.problem(405, "GET the OpenAPI document"));
          return;
        }
        Exchanges.respond(exchange, 200, "application/json", openApi);
        return;
      }
      if (!path.startsWith(EVENTS) || path.substring(EVENTS.length()).contains("/")) {
        Exchanges.respond(
            exchange,
            404,
            Exchanges.problem(404, "no such path; POST /v1/events/{event-type}, see " + OPENAPI));
        return;
      }
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Exchanges.respond(exchange, 405, Exchanges.problem(405, "events are POSTed"));
        return;
      }
      String type = path.substring(EVENTS.length());
      byte[] request = Exchanges.readBounded(exchange, EventRequests.MAX_BODY_BYTES);
      ApiDecision decision =
          requests.decide(
              type,
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              request,
              metas::newRun);
      if (decision instanceof ApiDecision.Reject reject) {
        log.info(
            "events API: {} {} answered {}: {}", method, path, reject.status(), reject.message());
        ObjectNode body = Exchanges.problem(reject.status(), reject.message());
        if (!reject.problems().isEmpty()) {
          ArrayNode problems = body.putArray("problems");
          for (JsonProblem problem : reject.problems()) {
            problems.addObject().put("path", problem.path()).put("message", problem.message());
          }
        }
        if (reject.status() == 401) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        Exchanges.respond(exchange, reject.status(), body);
        return;
      }
      Optional<IdempotencyKey> key;
      try {
        key = IdempotencyKey.parse(exchange.getRequestHeaders().getFirst(IdempotencyKey.HEADER));
      } catch (IllegalArgumentException e) {
        log.info("events API: {} {} answered 400: {}", method, path, e.getMessage());
        Exchanges.respond(exchange, 400, Exchanges.problem(400, e.getMessage()));
        return;
      }
      publish(exchange, type, request, key, (ApiDecision.Publish) decision);
    }
  }

  private void publish(
      HttpExchange exchange,
      String type,
      byte[] body,
      Optional<IdempotencyKey> key,
      ApiDecision.Publish publish)
      throws IOException {
    EventMeta meta = (EventMeta) ((GenericRecord) publish.event()).get("meta");
    String fingerprint = IdempotencyKey.fingerprint(type, body);
    try {
      byte[] value = encoder.encode(publish.topic(), publish.event());
      Outcome outcome =
          ledger
              .publish(
                  key.map(k -> k.ledgerKey(type)).orElse(null),
                  key.isPresent() ? fingerprint : null,
                  publish.topic().name(),
                  publish.key(),
                  value,
                  meta.getEventId(),
                  meta.getRunId())
              .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (outcome instanceof Outcome.AlreadyPublished earlier) {
        replay(exchange, key.orElseThrow(), fingerprint, earlier);
        return;
      }
      Outcome.Published published = (Outcome.Published) outcome;
      log.info(
          "events API published {} {} (runId {}, model {}) at {}-{}@{}",
          publish.event().getSchema().getName(),
          published.eventId(),
          published.runId(),
          publish.key(),
          published.topic(),
          published.partition(),
          published.offset());
      Exchanges.respond(
          exchange,
          201,
          Exchanges.object()
              .put("eventId", published.eventId())
              .put("runId", published.runId())
              .put("topic", published.topic())
              .put("partition", published.partition())
              .put("offset", published.offset()));
    } catch (TimeoutException e) {
      unavailable(exchange, "Kafka did not acknowledge within " + ackTimeout + "; retry");
    } catch (ExecutionException e) {
      unavailable(exchange, "publishing failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable(exchange, "the bridge is stopping");
    } catch (RuntimeException e) {
      unavailable(exchange, "the event could not be encoded: " + e.getMessage());
    }
  }

  /**
   * Answers a request whose Idempotency-Key was published before: as the first answer when it is a
   * retry of the same request, 422 when the key is reused for a different one.
   */
  private static void replay(
      HttpExchange exchange,
      IdempotencyKey key,
      String fingerprint,
      Outcome.AlreadyPublished earlier)
      throws IOException {
    if (earlier.fingerprint() != null && !earlier.fingerprint().equals(fingerprint)) {
      String message =
          IdempotencyKey.HEADER
              + " "
              + key.value()
              + " was used before for a different request (event "
              + earlier.eventId()
              + "); use a new key for a new event";
      log.info("events API answered 422: {}", message);
      Exchanges.respond(exchange, 422, Exchanges.problem(422, message));
      return;
    }
    log.info(
        "events API: {} {} is a retry of event {} (runId {}); not published again",
        IdempotencyKey.HEADER,
        key.value(),
        earlier.eventId(),
        earlier.runId());
    exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
    Exchanges.respond(
        exchange,
        201,
        Exchanges.object()
            .put("eventId", earlier.eventId())
            .put("runId", earlier.runId())
            .put("replayed", true));
  }

  private static void unavailable(HttpExchange exchange, String message) throws IOException {
    log.warn("events API answered 503: {}", message);
    Exchanges.respond(exchange, 503, Exchanges.problem(503, message));
  }
}
