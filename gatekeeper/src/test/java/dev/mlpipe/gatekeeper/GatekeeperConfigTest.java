package dev.mlpipe.gatekeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.runtime.FailurePolicy;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.gatekeeper.policy.Comparator;
import dev.mlpipe.gatekeeper.policy.DefaultPolicies;
import dev.mlpipe.gatekeeper.policy.GatePolicy;
import dev.mlpipe.gatekeeper.policy.VerifyMode;
import dev.mlpipe.models.eval.ModelKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatekeeperConfigTest {

  private static final StageEnvironment ENV =
      new StageEnvironment(
          "localhost:9092", URI.create("http://localhost:8081"), Path.of("/tmp/x"), "dev", "i1");

  private static GatekeeperConfig load(Map<String, String> variables) {
    return GatekeeperConfig.from(PipelineConfig.load("dev", Optional.empty(), variables), ENV);
  }

  @Test
  void shouldStartFromTheShippedDefaults() {
    GatekeeperConfig config = load(Map.of());

    assertThat(config.streams().stageName()).isEqualTo("gatekeeper");
    assertThat(config.streams().replicationFactor()).as("dev: one broker").isEqualTo(1);
    assertThat(config.streams().failurePolicy()).isEqualTo(FailurePolicy.DEAD_LETTER);
    assertThat(config.streams().stateDir()).isEqualTo(Path.of("/tmp/x/gatekeeper/i1"));
    GatePolicy policy =
        DefaultPolicies.forKind(ModelKind.RECOMMENDER).with(config.environmentPolicy());
    assertThat(policy).isEqualTo(DefaultPolicies.forKind(ModelKind.RECOMMENDER));
    assertThat(config.verdictRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldTakeTheVerdictRetentionInHoursAndRefuseZero() {
    assertThat(load(Map.of("MLPIPE_GATEKEEPER_VERDICT_RETENTION_HOURS", "2")).verdictRetention())
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> load(Map.of("MLPIPE_GATEKEEPER_VERDICT_RETENTION_HOURS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gatekeeper.verdict-retention-hours");
  }

  @Test
  void shouldLayTheEnvironmentsGatesAndVerifyModeOverTheDefaults() {
    GatekeeperConfig config =
        load(
            Map.of(
                "MLPIPE_GATEKEEPER_GATES", "critical:\n  rmse: {max: 0.8}\n",
                "MLPIPE_GATEKEEPER_VERIFY", "trust"));

    GatePolicy policy =
        DefaultPolicies.forKind(ModelKind.RECOMMENDER).with(config.environmentPolicy());
    assertThat(policy.verify()).isEqualTo(VerifyMode.TRUST);
    assertThat(policy.rules())
        .filteredOn(r -> r.metric().equals("rmse") && r.comparator() == Comparator.MAX)
        .singleElement()
        .satisfies(r -> assertThat(r.threshold()).isEqualTo(0.8));
  }

  @Test
  void shouldRefuseAMalformedEnvironmentPolicyAtStartNamingKeyAndProblem() {
    assertThatThrownBy(
            () -> load(Map.of("MLPIPE_GATEKEEPER_GATES", "critical:\n  rmse: {low: 1}\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gatekeeper.gates")
        .hasMessageContaining("environment variable MLPIPE_GATEKEEPER_GATES")
        .hasMessageContaining("gates.critical.rmse.low: unknown comparator");
    assertThatThrownBy(() -> load(Map.of("MLPIPE_GATEKEEPER_VERIFY", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gatekeeper.verify = 'sometimes'")
        .hasMessageContaining("must be recompute or trust");
  }
}
