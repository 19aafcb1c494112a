package dev.mlpipe.webhook.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.webhook.github.Decision;
import dev.mlpipe.webhook.github.Delivery;
import dev.mlpipe.webhook.github.DeliveryTriage;
import dev.mlpipe.webhook.github.PushedCommit;
import dev.mlpipe.webhook.ledger.EventLedger;
import dev.mlpipe.webhook.ledger.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /webhooks/github}: one delivery in, one CommitPushed out at most. */
public final class GitHubWebhookHandler implements HttpHandler {

  /** The path GitHub is given. */
  public static final String PATH = "/webhooks/github";

  private static final Logger log = LoggerFactory.getLogger(GitHubWebhookHandler.class);

  private final DeliveryTriage triage;
  private final int maxBodyBytes;
  private final EventLedger ledger;
  private final EventEncoder encoder;
  private final EventMetas metas;
  private final Duration ackTimeout;

  public GitHubWebhookHandler(
      DeliveryTriage triage,
      int maxBodyBytes,
      EventLedger ledger,
      EventEncoder encoder,
      EventMetas metas,
      Duration ackTimeout) {
    this.triage = Objects.requireNonNull(triage, "triage");
    this.maxBodyBytes = maxBodyBytes;
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.metas = Objects.requireNonNull(metas, "metas");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        Exchanges.respond(exchange, 404, Exchanges.problem(404, "no such path; POST to " + PATH));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Exchanges.respond(exchange, 405, Exchanges.problem(405, "GitHub deliveries are POSTed"));
        return;
      }
      Headers headers = exchange.getRequestHeaders();
      Delivery delivery =
          new Delivery(
              headers.getFirst("X-GitHub-Event"),
              headers.getFirst("X-GitHub-Delivery"),
              headers.getFirst("X-Hub-Signature-256"),
              headers.getFirst("Content-Type"),
              Exchanges.readBounded(exchange, maxBodyBytes));
      Decision decision = triage.decide(delivery);
      if (decision instanceof Decision.Publish publish) {
        publish(exchange, delivery, publish.commit());
        return;
      }
      ObjectNode body =
          Exchanges.object()
              .put("status", decision.status())
              .put("message", decision.reason())
              .put("deliveryId", delivery.deliveryId());
      if (decision instanceof Decision.Reject) {
        log.warn(
            "GitHub delivery {} ({}) rejected with {}: {}",
            delivery.idForLog(),
            delivery.event(),
            decision.status(),
            decision.reason());
      } else {
        log.info(
            "GitHub delivery {} ({}) answered {}: {}",
            delivery.idForLog(),
            delivery.event(),
            decision.status(),
            decision.reason());
      }
      Exchanges.respond(exchange, decision.status(), body);
    }
  }

  private void publish(HttpExchange exchange, Delivery delivery, PushedCommit commit)
      throws IOException {
    CommitPushed event = commit.toEvent(metas.newRun());
    ObjectNode body = Exchanges.object().put("deliveryId", delivery.deliveryId());
    try {
      byte[] value = encoder.encode(Topics.COMMIT, event);
      CompletableFuture<Outcome> future =
          ledger.publish(
              delivery.deliveryId(),
              Topics.COMMIT.name(),
              commit.model(),
              value,
              event.getMeta().getEventId(),
              event.getMeta().getRunId());
      Outcome outcome = future.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      body.put("eventId", outcome.eventId()).put("runId", outcome.runId());
      if (outcome instanceof Outcome.Published published) {
        log.info(
            "GitHub delivery {} published CommitPushed {} (runId {}, model {}, commitSha {}) at"
                + " {}-{}@{}",
            delivery.deliveryId(),
            published.eventId(),
            published.runId(),
            commit.model(),
            commit.sha(),
            published.topic(),
            published.partition(),
            published.offset());
        body.put("status", 200)
            .put("published", true)
            .put(
                "message",
                "commit "
                    + commit.sha()
                    + " of "
                    + commit.repositoryName()
                    + " on "
                    + commit.branch()
                    + " published; it starts run "
                    + published.runId())
            .put("topic", published.topic())
            .put("partition", published.partition())
            .put("offset", published.offset());
      } else {
        log.info(
            "GitHub delivery {} is a redelivery of event {} (runId {}); not published again",
            delivery.deliveryId(),
            outcome.eventId(),
            outcome.runId());
        body.put("status", 200)
            .put("published", false)
            .put(
                "message",
                "delivery "
                    + delivery.deliveryId()
                    + " was published before as event "
                    + outcome.eventId()
                    + "; not published again");
      }
      Exchanges.respond(exchange, 200, body);
    } catch (TimeoutException e) {
      unavailable(
          exchange,
          delivery,
          body,
          "Kafka did not acknowledge within "
              + ackTimeout
              + "; a redelivery is published only if this one was not");
    } catch (ExecutionException e) {
      unavailable(exchange, delivery, body, "publishing failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable(exchange, delivery, body, "the bridge is stopping");
    } catch (RuntimeException e) {
      // The registry or the serializer failed before anything was sent.
      unavailable(exchange, delivery, body, "the event could not be encoded: " + e.getMessage());
    }
  }

  private static void unavailable(
      HttpExchange exchange, Delivery delivery, ObjectNode body, String message)
      throws IOException {
    log.warn("GitHub delivery {} answered 503: {}", delivery.idForLog(), message);
    body.put("status", 503).put("message", message);
    Exchanges.respond(exchange, 503, body);
  }
}
