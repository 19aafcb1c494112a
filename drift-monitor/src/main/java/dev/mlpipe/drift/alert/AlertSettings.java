package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code alerts} configuration section: which webhooks get alerts. An empty URL turns a sink
 * off. The URLs may hold secrets: set them through MLPIPE_ALERTS_SLACK_WEBHOOK_URL and
 * MLPIPE_ALERTS_JSON_WEBHOOK_URL, not in a file; they are never logged.
 */
public record AlertSettings(
    @JsonProperty("slack-webhook-url") String slackWebhookUrl,
    @JsonProperty("json-webhook-url") String jsonWebhookUrl) {

  /** No sink. */
  public static final AlertSettings NONE = new AlertSettings("", "");

  public AlertSettings {
    slackWebhookUrl = slackWebhookUrl == null ? "" : slackWebhookUrl.trim();
    jsonWebhookUrl = jsonWebhookUrl == null ? "" : jsonWebhookUrl.trim();
    sink("alerts.slack-webhook-url", slackWebhookUrl, WebhookSink.Format.SLACK);
    sink("alerts.json-webhook-url", jsonWebhookUrl, WebhookSink.Format.JSON);
  }

  /** The configured sinks, possibly none. */
  public List<AlertSink> sinks() {
    List<AlertSink> sinks = new ArrayList<>();
    sink("alerts.slack-webhook-url", slackWebhookUrl, WebhookSink.Format.SLACK)
        .ifPresent(sinks::add);
    sink("alerts.json-webhook-url", jsonWebhookUrl, WebhookSink.Format.JSON).ifPresent(sinks::add);
    return sinks;
  }

  private static java.util.Optional<AlertSink> sink(
      String key, String url, WebhookSink.Format format) {
    if (url.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new WebhookSink(new URI(url), format, Duration.ofSeconds(10)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      // The URL may hold a token: the message names the key, never the value.
      throw new IllegalArgumentException(
          key + " is not a valid http(s) URL; check the variable that sets it", null);
    }
  }

  @Override
  public String toString() {
    return "AlertSettings[slack="
        + !slackWebhookUrl.isEmpty()
        + ", json="
        + !jsonWebhookUrl.isEmpty()
        + "]";
  }
}
