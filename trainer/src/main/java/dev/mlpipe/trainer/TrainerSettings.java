package dev.mlpipe.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.runtime.FailurePolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trainer's configuration, validated once at start.
 *
 * @param maxTrainingTime the longest one run may take ({@code trainer.max-training-minutes})
 * @param gitToken token for private HTTPS model repositories ({@code trainer.git-token}), empty for
 *     none; never logged
 * @param failurePolicy what happens to a commit event that cannot be decoded ({@code
 *     failure-policy.trainer}, else {@code failure-policy.default})
 * @param kafka Kafka client properties passed through ({@code kafka.})
 * @param retrainCooldown least time between the starts of two drift retrains of one model ({@code
 *     trainer.retrain-cooldown}, ISO-8601); zero for none
 */
public record TrainerSettings(
    Duration maxTrainingTime,
    Optional<String> gitToken,
    FailurePolicy failurePolicy,
    Map<String, String> kafka,
    Duration retrainCooldown) {

  /** The stage's name: its consumer group and the prefix of its transactional id. */
  public static final String STAGE = "trainer";

  /** Added to the time limit for {@code max.poll.interval.ms}: reading the spec, storing. */
  public static final Duration POLL_MARGIN = Duration.ofMinutes(5);

  public static final Duration DEFAULT_MAX_TRAINING_TIME = Duration.ofMinutes(30);

  public static final Duration DEFAULT_RETRAIN_COOLDOWN = Duration.ofMinutes(10);

  public TrainerSettings {
    Objects.requireNonNull(maxTrainingTime, "maxTrainingTime");
    if (maxTrainingTime.isNegative()
        || maxTrainingTime.isZero()
        || maxTrainingTime.plus(POLL_MARGIN).toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "trainer.max-training-minutes must be between 1 and 35000, was "
              + maxTrainingTime.toMinutes());
    }
    Objects.requireNonNull(gitToken, "gitToken");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(retrainCooldown, "retrainCooldown");
    if (retrainCooldown.isNegative()) {
      throw new IllegalArgumentException(
          "trainer.retrain-cooldown must not be negative, was " + retrainCooldown);
    }
  }

  /**
   * The defaults: 30 minutes per run, no token, dead letters, no extra Kafka properties, 10 minutes
   * between drift retrains of a model.
   */
  public static TrainerSettings defaults() {
    return new TrainerSettings(
        DEFAULT_MAX_TRAINING_TIME,
        Optional.empty(),
        FailurePolicy.DEAD_LETTER,
        Map.of(),
        DEFAULT_RETRAIN_COOLDOWN);
  }

  /** The settings of an environment's configuration; keys it does not set keep their default. */
  public static TrainerSettings from(PipelineConfig config) {
    Duration limit = DEFAULT_MAX_TRAINING_TIME;
    if (config.section(STAGE).has("max-training-minutes")) {
      limit = Duration.ofMinutes(config.integer(STAGE + ".max-training-minutes", 1, 35_000));
    }
    Optional<String> token = Optional.empty();
    if (config.section(STAGE).has("git-token")) {
      token = Optional.of(config.string(STAGE + ".git-token")).filter(t -> !t.isBlank());
    }
    JsonNode policies = config.section("failure-policy");
    String policyKey = policies.has(STAGE) ? "failure-policy." + STAGE : "failure-policy.default";
    FailurePolicy policy = FailurePolicy.DEAD_LETTER;
    if (policies.has(STAGE) || policies.has("default")) {
      String value = config.string(policyKey);
      try {
        policy = FailurePolicy.parse(value);
      } catch (IllegalArgumentException e) {
        throw config.invalid(policyKey, value, e.getMessage());
      }
    }
    Map<String, String> kafka = new LinkedHashMap<>();
    config.section("kafka").properties().forEach(f -> kafka.put(f.getKey(), f.getValue().asText()));
    Duration cooldown = DEFAULT_RETRAIN_COOLDOWN;
    if (config.section(STAGE).has("retrain-cooldown")) {
      String key = STAGE + ".retrain-cooldown";
      String text = config.string(key);
      try {
        cooldown = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw config.invalid(key, text, "must be an ISO-8601 duration such as PT10M or PT30S");
      }
      if (cooldown.isNegative()) {
        throw config.invalid(
            key, text, "must not be negative; PT0S retrains on every drift window");
      }
    }
    return new TrainerSettings(limit, token, policy, kafka, cooldown);
  }

  public TrainerSettings withMaxTrainingTime(Duration maxTrainingTime) {
    return new TrainerSettings(maxTrainingTime, gitToken, failurePolicy, kafka, retrainCooldown);
  }

  public TrainerSettings withKafka(Map<String, String> kafka) {
    return new TrainerSettings(maxTrainingTime, gitToken, failurePolicy, kafka, retrainCooldown);
  }

  public TrainerSettings withRetrainCooldown(Duration retrainCooldown) {
    return new TrainerSettings(maxTrainingTime, gitToken, failurePolicy, kafka, retrainCooldown);
  }

  @Override
  public String toString() {
    return "TrainerSettings[maxTrainingTime="
        + maxTrainingTime
        + ", gitToken="
        + (gitToken.isPresent() ? "(set)" : "(none)")
        + ", failurePolicy="
        + failurePolicy
        + ", kafka="
        + kafka
        + ", retrainCooldown="
        + retrainCooldown
        + "]";
  }
}
