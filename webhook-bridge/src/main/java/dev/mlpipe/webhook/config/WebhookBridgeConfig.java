package dev.mlpipe.webhook.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.webhook.api.ApiTokens;
import dev.mlpipe.webhook.github.GitHubSettings;
import dev.mlpipe.webhook.github.Glob;
import dev.mlpipe.webhook.github.WatchFilter;
import dev.mlpipe.webhook.signature.WebhookSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the webhook bridge runs.
 *
 * @param host the address the HTTP server binds, {@code 127.0.0.1} unless exposed on purpose
 * @param port its port; 0 for any free port
 * @param anyPortIfTaken when the port is taken, listen on any free one instead of failing (true for
 *     the default port, so a second local pipeline still starts; false for a configured one)
 * @param secrets the GitHub webhook secrets; empty: a secret is generated at start
 * @param filter which pushes start runs
 * @param pullRequests whether opened and synchronized pull requests start runs
 * @param models model name per repository {@code owner/name}
 * @param specPath where a model repository keeps its training spec
 * @param maxBodyBytes the largest delivery body accepted
 * @param apiTokens the bearer tokens of the events API; none: it refuses every request
 * @param ackTimeout how long a request waits for Kafka's acknowledgement; under GitHub's 10 s
 */
public record WebhookBridgeConfig(
    String host,
    int port,
    boolean anyPortIfTaken,
    Optional<WebhookSecrets> secrets,
    WatchFilter filter,
    boolean pullRequests,
    Map<String, String> models,
    String specPath,
    int maxBodyBytes,
    ApiTokens apiTokens,
    Duration ackTimeout) {

  /** The section of the pipeline configuration. */
  public static final String SECTION = "webhook";

  /** The port the bridge listens on unless configured otherwise. */
  public static final int DEFAULT_PORT = 8090;

  public WebhookBridgeConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "webhook.port must be 0-65535 (0 = any free port), was " + port);
    }
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(filter, "filter");
    models = Map.copyOf(models);
    Objects.requireNonNull(specPath, "specPath");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException(
          "webhook.max-body-bytes must be positive, was " + maxBodyBytes);
    }
    Objects.requireNonNull(apiTokens, "apiTokens");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (ackTimeout.isNegative() || ackTimeout.isZero() || ackTimeout.toSeconds() >= 10) {
      throw new IllegalArgumentException(
          "webhook.ack-timeout must be positive and under GitHub's 10 s, was " + ackTimeout);
    }
  }

  /** 127.0.0.1:8090, no secret (generated), every push watched, no API tokens, 9 s. */
  public static WebhookBridgeConfig defaults() {
    return new WebhookBridgeConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        true,
        Optional.empty(),
        WatchFilter.everything(),
        false,
        Map.of(),
        "mlpipe.yaml",
        GitHubSettings.GITHUB_MAX_BODY_BYTES,
        ApiTokens.none(),
        Duration.ofSeconds(9));
  }

  /**
   * The {@code webhook} section of the pipeline configuration ({@code config/base.yaml}, the
   * environment's file, {@code MLPIPE_WEBHOOK_*} variables). Lists given as one variable are
   * comma-separated; a single list item may be too, as in a YAML {@code secret: "new,old"}.
   *
   * @throws ConfigException naming the key, the value and where it came from when one is invalid
   */
  public static WebhookBridgeConfig from(PipelineConfig config) {
    WebhookBridgeConfig d = defaults();
    String portSource = config.sourceOf(SECTION + ".port");
    String secret = config.section(SECTION).path("secret").asText("");
    try {
      return new WebhookBridgeConfig(
          d.host(),
          config.integer(SECTION + ".port", 0, 65535),
          portSource.endsWith("base.yaml"),
          secret.isBlank() ? Optional.empty() : Optional.of(WebhookSecrets.parse(secret)),
          new WatchFilter(
              list(config, "repositories"),
              list(config, "branches").stream().map(Glob::new).toList(),
              list(config, "paths").stream().map(Glob::new).toList()),
          config.bool(SECTION + ".pull-requests"),
          models(list(config, "models")),
          config.string(SECTION + ".spec-path"),
          d.maxBodyBytes(),
          ApiTokens.parse(String.join(",", list(config, "api-tokens"))),
          d.ackTimeout());
    } catch (IllegalArgumentException e) {
      // Secrets and tokens are never part of these messages.
      throw new ConfigException(
          "config section " + SECTION + " (" + config.sourceOf(SECTION) + "): " + e.getMessage(),
          e);
    }
  }

  /** With these secrets (e.g. a generated one). */
  public WebhookBridgeConfig withSecrets(WebhookSecrets newSecrets) {
    return new WebhookBridgeConfig(
        host,
        port,
        anyPortIfTaken,
        Optional.of(newSecrets),
        filter,
        pullRequests,
        models,
        specPath,
        maxBodyBytes,
        apiTokens,
        ackTimeout);
  }

  /** With this port (0 in tests). */
  public WebhookBridgeConfig withPort(int newPort) {
    return new WebhookBridgeConfig(
        host,
        newPort,
        false,
        secrets,
        filter,
        pullRequests,
        models,
        specPath,
        maxBodyBytes,
        apiTokens,
        ackTimeout);
  }

  /** With these API tokens. */
  public WebhookBridgeConfig withApiTokens(ApiTokens tokens) {
    return new WebhookBridgeConfig(
        host,
        port,
        anyPortIfTaken,
        secrets,
        filter,
        pullRequests,
        models,
        specPath,
        maxBodyBytes,
        tokens,
        ackTimeout);
  }

  /** With this watch filter. */
  public WebhookBridgeConfig withFilter(WatchFilter newFilter) {
    return new WebhookBridgeConfig(
        host,
        port,
        anyPortIfTaken,
        secrets,
        newFilter,
        pullRequests,
        models,
        specPath,
        maxBodyBytes,
        apiTokens,
        ackTimeout);
  }

  /** What the delivery decision needs; the secrets must be known by now. */
  public GitHubSettings gitHubSettings() {
    WebhookSecrets known =
        secrets.orElseThrow(
            () -> new IllegalStateException("no webhook secret: set or generate one first"));
    return new GitHubSettings(known, filter, pullRequests, models, specPath, maxBodyBytes);
  }

  private static List<String> list(PipelineConfig config, String key) {
    JsonNode node = config.section(SECTION).path(key);
    List<String> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> items.add(item.asText()));
    } else if (node.isValueNode() && !node.isNull()) {
      items.add(node.asText());
    }
    return items.stream()
        .flatMap(item -> Arrays.stream(item.split(",")))
        .map(String::strip)
        .filter(item -> !item.isEmpty())
        .toList();
  }

  private static Map<String, String> models(List<String> entries) {
    Map<String, String> models = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("models entry '" + entry + "' is not owner/name=model");
      }
      models.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return models;
  }

  @Override
  public String toString() {
    return "WebhookBridgeConfig[host="
        + host
        + ", port="
        + port
        + ", secrets="
        + secrets.map(WebhookSecrets::toString).orElse("(to be generated)")
        + ", filter="
        + filter
        + ", pullRequests="
        + pullRequests
        + ", models="
        + models
        + ", specPath="
        + specPath
        + ", apiTokens="
        + apiTokens
        + "]";
  }
}
