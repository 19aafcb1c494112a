package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts alerts to a webhook: a Slack-compatible incoming webhook ({@code {"text": ...}}, which
 * Slack, Mattermost and Rocket.Chat accept) or a generic JSON webhook (the whole alert). The URL
 * may hold a secret (Slack's does), so only its host is ever named in logs and errors.
 */
public final class WebhookSink implements AlertSink {

  /** What the body looks like. */
  public enum Format {
    /** {@code {"text": "title\ndetails..."}}. */
    SLACK,
    /** The alert's fields as one JSON object. */
    JSON
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Format format;
  private final HttpClient client;
  private final Duration timeout;

  public WebhookSink(URI url, Format format, Duration timeout) {
    this.url = Objects.requireNonNull(url, "url");
    this.format = Objects.requireNonNull(format, "format");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          "webhook URL for host " + url.getHost() + " must be http or https");
    }
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return format.name().toLowerCase(java.util.Locale.ROOT) + "(" + url.getHost() + ")";
  }

  @Override
  public void deliver(Alert alert) throws AlertDeliveryException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", alert.eventId())
            .POST(HttpRequest.BodyPublishers.ofString(body(alert)))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AlertDeliveryException(
          name() + " could not be reached: " + e.getClass().getSimpleName(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException(name() + ": interrupted", false, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      boolean retryable = status == 429 || status >= 500;
      throw new AlertDeliveryException(
          name() + " answered HTTP " + status + " for event " + alert.eventId(), retryable, null);
    }
  }

  String body(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    if (format == Format.SLACK) {
      StringBuilder text = new StringBuilder(alert.title());
      for (String line : alert.details()) {
        text.append("\n• ").append(line);
      }
      node.put("text", text.toString());
    } else {
      node.put("eventId", alert.eventId());
      node.put("runId", alert.runId());
      node.put("eventType", alert.eventType());
      node.put("model", alert.model());
      node.put("title", alert.title());
      alert.details().forEach(node.putArray("details")::add);
      ObjectNode fields = node.putObject("fields");
      alert.fields().forEach(fields::put);
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert could not be written as JSON", e);
    }
  }
}
