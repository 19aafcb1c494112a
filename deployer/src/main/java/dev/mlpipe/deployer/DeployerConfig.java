package dev.mlpipe.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.deployer.rollout.CanaryThresholds;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.Strategy;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The deployer's configuration, validated once at start: how it rolls out ({@code approval.
 * production} and the {@code deployer.canary} keys) and how it serves ({@code deployer.serving}).
 * Keys missing from the configuration take the defaults of {@link #defaults(boolean)}.
 *
 * @param rollout the rollout policy
 * @param servingPort the HTTP port on 127.0.0.1, 0 for any free port
 * @param servingThreads request threads
 * @param predictionLogBuffer predictions buffered for Kafka before they are dropped
 * @param checkTick how often due canary checks are looked for
 * @param feedbackPredictions served predictions remembered for joining feedback to them
 * @param kafka Kafka client properties passed through to the rollout stream ({@code kafka.}), e.g.
 *     {@code session.timeout.ms} for how soon a killed instance's models move to another
 */
public record DeployerConfig(
    RolloutPolicy rollout,
    int servingPort,
    int servingThreads,
    int predictionLogBuffer,
    Duration checkTick,
    int feedbackPredictions,
    Map<String, String> kafka) {

  /** The port `mlpipe up` serves on unless told otherwise. */
  public static final int DEFAULT_PORT = 8080;

  public DeployerConfig {
    Objects.requireNonNull(rollout, "rollout");
    if (servingPort < 0 || servingPort > 65535) {
      throw new IllegalArgumentException(
          "deployer.serving.port must be 0-65535 (0 = any free port), was " + servingPort);
    }
    if (servingThreads < 1 || servingThreads > 512) {
      throw new IllegalArgumentException(
          "deployer.serving.threads must be 1-512, was " + servingThreads);
    }
    if (predictionLogBuffer < 1) {
      throw new IllegalArgumentException(
          "deployer.serving.prediction-log-buffer must be >= 1, was " + predictionLogBuffer);
    }
    Objects.requireNonNull(checkTick, "checkTick");
    if (checkTick.isNegative() || checkTick.isZero()) {
      throw new IllegalArgumentException("checkTick must be positive, was " + checkTick);
    }
    if (feedbackPredictions < 1) {
      throw new IllegalArgumentException(
          "deployer.serving.feedback-predictions must be >= 1, was " + feedbackPredictions);
    }
    kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
  }

  /** The defaults: canary every minute, port 8080, 4 threads, 10,000 buffered predictions. */
  public static DeployerConfig defaults(boolean productionApproval) {
    return new DeployerConfig(
        RolloutPolicy.defaults(productionApproval),
        DEFAULT_PORT,
        4,
        10_000,
        Duration.ofMillis(200),
        100_000,
        Map.of());
  }

  public DeployerConfig withServingPort(int port) {
    return new DeployerConfig(
        rollout, port, servingThreads, predictionLogBuffer, checkTick, feedbackPredictions, kafka);
  }

  public DeployerConfig withRollout(RolloutPolicy policy) {
    return new DeployerConfig(
        policy,
        servingPort,
        servingThreads,
        predictionLogBuffer,
        checkTick,
        feedbackPredictions,
        kafka);
  }

  /** With these Kafka properties passed through to the rollout stream. */
  public DeployerConfig withKafka(Map<String, String> properties) {
    return new DeployerConfig(
        rollout,
        servingPort,
        servingThreads,
        predictionLogBuffer,
        checkTick,
        feedbackPredictions,
        properties);
  }

  /** The deployer's keys of a loaded configuration. */
  public static DeployerConfig from(PipelineConfig config) {
    boolean manual =
        config.oneOf("approval.production", List.of("auto", "manual")).equals("manual");
    DeployerConfig d = defaults(manual);
    JsonNode root = config.section("deployer");
    JsonNode canary = root.path("canary");
    JsonNode serving = root.path("serving");
    RolloutPolicy base = d.rollout();
    CanaryThresholds t = base.thresholds();
    try {
      RolloutPolicy policy =
          new RolloutPolicy(
              manual,
              strategy(config, root.path("strategy"), base.strategy()),
              steps(config, canary.path("steps"), base.canarySteps()),
              Duration.ofMillis(
                  longOf(
                      config,
                      "deployer.canary.interval-ms",
                      canary,
                      "interval-ms",
                      base.stepInterval().toMillis())),
              (int)
                  longOf(
                      config,
                      "deployer.canary.breaches-to-rollback",
                      canary,
                      "breaches-to-rollback",
                      base.breachesToRollback()),
              new CanaryThresholds(
                  doubleOf(
                      config,
                      "deployer.canary.max-error-rate-increase",
                      canary,
                      "max-error-rate-increase",
                      t.maxErrorRateIncrease()),
                  doubleOf(
                      config,
                      "deployer.canary.max-p95-ratio",
                      canary,
                      "max-p95-ratio",
                      t.maxP95Ratio()),
                  longOf(
                      config,
                      "deployer.canary.p95-slack-micros",
                      canary,
                      "p95-slack-micros",
                      t.p95SlackMicros()),
                  longOf(
                      config,
                      "deployer.canary.min-requests",
                      canary,
                      "min-requests",
                      t.minRequests()),
                  doubleOf(
                      config,
                      "deployer.canary.max-online-rmse-increase",
                      canary,
                      "max-online-rmse-increase",
                      t.maxOnlineRmseIncrease()),
                  doubleOf(
                      config,
                      "deployer.canary.online-significance",
                      canary,
                      "online-significance",
                      t.onlineSignificance()),
                  longOf(
                      config,
                      "deployer.canary.min-feedback",
                      canary,
                      "min-feedback",
                      t.minFeedback())),
              Duration.ofMillis(
                  longOf(
                      config,
                      "deployer.canary.watch-ms",
                      canary,
                      "watch-ms",
                      base.watchWindow().toMillis())));
      return new DeployerConfig(
          policy,
          (int) longOf(config, "deployer.serving.port", serving, "port", d.servingPort()),
          (int) longOf(config, "deployer.serving.threads", serving, "threads", d.servingThreads()),
          (int)
              longOf(
                  config,
                  "deployer.serving.prediction-log-buffer",
                  serving,
                  "prediction-log-buffer",
                  d.predictionLogBuffer()),
          d.checkTick(),
          (int)
              longOf(
                  config,
                  "deployer.serving.feedback-predictions",
                  serving,
                  "feedback-predictions",
                  d.feedbackPredictions()),
          kafkaOf(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "deployer configuration (" + config.environment() + "): " + e.getMessage(), e);
    }
  }

  private static Map<String, String> kafkaOf(PipelineConfig config) {
    Map<String, String> kafka = new LinkedHashMap<>();
    config.section("kafka").properties().forEach(f -> kafka.put(f.getKey(), f.getValue().asText()));
    return kafka;
  }

  private static Strategy strategy(PipelineConfig config, JsonNode node, Strategy fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    String value = node.asText().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Strategy s : Strategy.values()) {
      if (s.name().equals(value)) {
        return s;
      }
    }
    throw config.invalid("deployer.strategy", node.asText(), "must be canary or blue-green");
  }

  private static List<Integer> steps(PipelineConfig config, JsonNode node, List<Integer> fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isArray()) {
      throw config.invalid(
          "deployer.canary.steps",
          node.toString(),
          "must be a list of percentages such as [5, 10, 25, 50, 100]");
    }
    List<Integer> steps = new ArrayList<>();
    for (JsonNode step : node) {
      if (!step.isIntegralNumber()) {
        throw config.invalid(
            "deployer.canary.steps", node.toString(), "must hold whole percentages");
      }
      steps.add(step.intValue());
    }
    return steps;
  }

  private static long longOf(
      PipelineConfig config, String path, JsonNode section, String key, long fallback) {
    JsonNode node = section.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw config.invalid(path, node.asText(), "must be a whole number");
  }

  private static double doubleOf(
      PipelineConfig config, String path, JsonNode section, String key, double fallback) {
    JsonNode node = section.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    try {
      return Double.parseDouble(node.asText());
    } catch (NumberFormatException e) {
      throw config.invalid(path, node.asText(), "must be a number");
    }
  }
}
