package dev.mlpipe.gatekeeper;

import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.runtime.FailurePolicy;
import dev.mlpipe.events.runtime.StreamsStageConfig;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.gatekeeper.policy.InvalidPolicyException;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.policy.PolicyParser;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.gatekeeper.topology.GatekeeperTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the gatekeeper is started with, validated once.
 *
 * @param streams the Kafka Streams settings (exactly-once v2, state dir, failure policy)
 * @param environmentPolicy this environment's layer over the defaults of every model kind: {@code
 *     gatekeeper.gates} with {@code gatekeeper.verify} and {@code gatekeeper.tolerance}
 * @param verdictRetention how long an issued verdict is remembered against copies of its
 *     TrainingFinished ({@code gatekeeper.verdict-retention-hours})
 */
public record GatekeeperConfig(
    StreamsStageConfig streams, PolicyOverlay environmentPolicy, Duration verdictRetention) {

  /** The stage's name: its Streams application id and consumer group. */
  public static final String STAGE = "gatekeeper";

  public GatekeeperConfig {
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(environmentPolicy, "environmentPolicy");
    Objects.requireNonNull(verdictRetention, "verdictRetention");
    if (verdictRetention.isNegative() || verdictRetention.isZero()) {
      throw new IllegalArgumentException(
          "verdictRetention " + verdictRetention + " must be positive");
    }
  }

  /**
   * The gatekeeper's configuration in an environment.
   *
   * @throws dev.mlpipe.events.config.ConfigException naming the key, the value and the rule
   */
  public static GatekeeperConfig from(PipelineConfig config, StageEnvironment env) {
    String policyName =
        config.section("failure-policy").has(STAGE)
            ? "failure-policy." + STAGE
            : "failure-policy.default";
    FailurePolicy failurePolicy;
    try {
      failurePolicy = FailurePolicy.parse(config.string(policyName));
    } catch (IllegalArgumentException e) {
      throw config.invalid(policyName, config.string(policyName), e.getMessage());
    }
    Map<String, String> kafka = new TreeMap<>();
    config.section("kafka").properties().forEach(p -> kafka.put(p.getKey(), p.getValue().asText()));
    StreamsStageConfig streams =
        StreamsStageConfig.of(STAGE, env.bootstrapServers(), env.stageDir(STAGE))
            .withReplicationFactor(config.integer("topics.replication-factor", 1, 32))
            .withFailurePolicy(failurePolicy)
            .withKafka(kafka);

    return new GatekeeperConfig(
        streams,
        environmentPolicy(config),
        Duration.ofHours(config.integer("gatekeeper.verdict-retention-hours", 1, 24 * 365)));
  }

  /**
   * The environment's layer over every model kind's default policy: {@code gatekeeper.gates} with
   * {@code gatekeeper.verify} and {@code gatekeeper.tolerance} where the gates text sets none.
   *
   * @throws dev.mlpipe.events.config.ConfigException naming the key, the value and the rule
   */
  public static PolicyOverlay environmentPolicy(PipelineConfig config) {
    String verifyText = config.string("gatekeeper.verify");
    VerifyMode verify =
        VerifyMode.byKey(verifyText)
            .orElseThrow(
                () ->
                    config.invalid("gatekeeper.verify", verifyText, "must be recompute or trust"));
    String toleranceText = config.string("gatekeeper.tolerance");
    double tolerance;
    try {
      tolerance = Double.parseDouble(toleranceText);
    } catch (NumberFormatException e) {
      throw config.invalid("gatekeeper.tolerance", toleranceText, "must be a number >= 0");
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw config.invalid("gatekeeper.tolerance", toleranceText, "must be a number >= 0");
    }
    PolicyOverlay gates;
    try {
      gates =
          PolicyParser.parse(
              config.string("gatekeeper.gates"),
              "gatekeeper.gates (" + config.sourceOf("gatekeeper.gates") + ")");
    } catch (InvalidPolicyException e) {
      throw config.invalid("gatekeeper.gates", "...", e.getMessage());
    }
    return withSettings(gates, verify, tolerance);
  }

  /** The overlay with the config's verify and tolerance where the gates text sets none. */
  static PolicyOverlay withSettings(PolicyOverlay gates, VerifyMode verify, double tolerance) {
    return new PolicyOverlay(
        gates.rules(),
        gates.removed(),
        Optional.of(gates.verify().orElse(verify)),
        Optional.of(gates.tolerance().orElse(tolerance)),
        gates.compareToChampion());
  }

  /** For tests and embedding: the given Streams settings and no environment layer. */
  public static GatekeeperConfig of(StreamsStageConfig streams) {
    return new GatekeeperConfig(
        streams, PolicyOverlay.empty(), GatekeeperTopology.DEFAULT_VERDICT_RETENTION);
  }

  /** Every check name the environment's layer fixes, for logs. */
  List<String> environmentRules() {
    return environmentPolicy.rules().stream().map(r -> r.key().toString()).toList();
  }
}
