package dev.mlpipe.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.deployer.rollout.Strategy;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployerConfigTest {

  private static final Optional<Path> CONFIG_DIR = Optional.of(Path.of("..", "config"));

  private static DeployerConfig load(String env, Map<String, String> variables) {
    return DeployerConfig.from(PipelineConfig.load(env, CONFIG_DIR, variables));
  }

  @Test
  void shouldRollOutByItselfWithShortCanaryStepsInDev() {
    DeployerConfig dev = load("dev", Map.of());

    assertThat(dev.rollout().productionApproval()).isFalse();
    assertThat(dev.rollout().stepInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(dev.rollout().canarySteps()).isEqualTo(List.of(5, 10, 25, 50, 100));
    assertThat(dev.rollout().strategy()).isEqualTo(Strategy.CANARY);
    assertThat(dev.servingPort()).isEqualTo(8080);
  }

  @Test
  void shouldWaitForApprovalWithMinuteStepsInProduction() {
    DeployerConfig production = load("production", Map.of());

    assertThat(production.rollout().productionApproval()).isTrue();
    assertThat(production.rollout().stepInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldTakeOverridesFromEnvironmentVariables() {
    DeployerConfig dev =
        load(
            "dev",
            Map.of("MLPIPE_DEPLOYER_SERVING_PORT", "0", "MLPIPE_DEPLOYER_STRATEGY", "blue-green"));

    assertThat(dev.servingPort()).isZero();
    assertThat(dev.rollout().strategy()).isEqualTo(Strategy.BLUE_GREEN);
  }

  @Test
  void shouldRefuseAStrategyItDoesNotKnowNamingTheKey() {
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_DEPLOYER_STRATEGY", "big-bang")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployer.strategy")
        .hasMessageContaining("big-bang");
  }

  @Test
  void shouldRefuseAPortOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_DEPLOYER_SERVING_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deployer.serving.port");
  }
}
