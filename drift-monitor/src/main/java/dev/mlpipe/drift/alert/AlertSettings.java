package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code alerts} configuration section: which sinks get alerts. An empty URL or repository
 * turns a sink off. The webhook URLs may hold secrets: set them through
 * MLPIPE_ALERTS_SLACK_WEBHOOK_URL and MLPIPE_ALERTS_JSON_WEBHOOK_URL, not in a file; they are never
 * logged. The GitHub token is read from the environment variable {@code alerts.github.token-env}
 * names, the SMTP password from the one {@code alerts.email.password-env} names.
 */
public record AlertSettings(
    @JsonProperty("slack-webhook-url") String slackWebhookUrl,
    @JsonProperty("json-webhook-url") String jsonWebhookUrl,
    @JsonProperty("github") GitHubSettings github,
    @JsonProperty("email") EmailSettings email) {

  /** No sink. */
  public static final AlertSettings NONE =
      new AlertSettings("", "", GitHubSettings.NONE, EmailSettings.NONE);

  public AlertSettings {
    slackWebhookUrl = slackWebhookUrl == null ? "" : slackWebhookUrl.trim();
    jsonWebhookUrl = jsonWebhookUrl == null ? "" : jsonWebhookUrl.trim();
    github = github == null ? GitHubSettings.NONE : github;
    email = email == null ? EmailSettings.NONE : email;
    sink("alerts.slack-webhook-url", slackWebhookUrl, WebhookSink.Format.SLACK);
    sink("alerts.json-webhook-url", jsonWebhookUrl, WebhookSink.Format.JSON);
  }

  /** The configured sinks, possibly none; secrets are read from the process's environment. */
  public List<AlertSink> sinks() {
    return sinks(System::getenv);
  }

  /**
   * The configured sinks, possibly none.
   *
   * @param environment reads the environment variables that hold the sinks' secrets
   * @throws IllegalArgumentException naming the key or variable when a sink cannot be made
   */
  public List<AlertSink> sinks(UnaryOperator<String> environment) {
    List<AlertSink> sinks = new ArrayList<>();
    sink("alerts.slack-webhook-url", slackWebhookUrl, WebhookSink.Format.SLACK)
        .ifPresent(sinks::add);
    sink("alerts.json-webhook-url", jsonWebhookUrl, WebhookSink.Format.JSON).ifPresent(sinks::add);
    github.sink(environment).ifPresent(sinks::add);
    email.sink(environment).ifPresent(sinks::add);
    return sinks;
  }

  private static Optional<AlertSink> sink(String key, String url, WebhookSink.Format format) {
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new WebhookSink(new URI(url), format, Duration.ofSeconds(10)));
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
        + ", github="
        + (github.repository().isEmpty() ? "off" : github.repository())
        + ", email="
        + (email.smtpHost().isEmpty() ? "off" : email.smtpHost() + " -> " + email.to())
        + "]";
  }
}
