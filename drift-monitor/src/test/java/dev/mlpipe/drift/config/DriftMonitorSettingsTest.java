package dev.mlpipe.drift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.drift.stats.DriftThresholds;
import dev.mlpipe.drift.window.WindowSpec;
import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftMonitorSettingsTest {

  private static final Optional<Path> CONFIG_DIR = Optional.of(Path.of("..", "config"));

  private static DriftMonitorSettings load(Map<String, String> variables) {
    return load("dev", variables);
  }

  private static DriftMonitorSettings load(String environment, Map<String, String> variables) {
    return PipelineConfig.load(environment, CONFIG_DIR, variables)
        .section("drift-monitor", DriftMonitorSettings.class);
  }

  @Test
  void shouldReadTheShippedDefaultsFromBaseYaml() {
    // staging lays nothing over base.yaml's drift-monitor section.
    DriftMonitorSettings settings = load("staging", Map.of());

    assertThat(settings).isEqualTo(DriftMonitorSettings.DEFAULTS);
    assertThat(settings.windowSpec()).isEqualTo(new WindowSpec.ByTime(Duration.ofMinutes(5)));
    assertThat(settings.thresholds().toThresholds()).isEqualTo(DriftThresholds.DEFAULTS);
  }

  @Test
  void shouldJudgeDevsTrafficInCountWindowsOfAFewHundredPredictions() {
    assertThat(load(Map.of()).windowSpec()).isEqualTo(new WindowSpec.ByCount(400));
  }

  @Test
  void shouldTakeCountWindowsAndThresholdsFromEnvironmentVariables() {
    DriftMonitorSettings settings =
        load(
            Map.of(
                "MLPIPE_DRIFT_MONITOR_WINDOW", "count",
                "MLPIPE_DRIFT_MONITOR_WINDOW_COUNT", "5000",
                "MLPIPE_DRIFT_MONITOR_THRESHOLDS_PSI_DRIFT", "0.25"));

    assertThat(settings.windowSpec()).isEqualTo(new WindowSpec.ByCount(5_000));
    assertThat(settings.thresholds().psiDrift()).isEqualTo(0.25);
  }

  @Test
  void shouldRefuseADurationThatIsNotIsoNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> load(Map.of("MLPIPE_DRIFT_MONITOR_WINDOW_DURATION", "5 minutes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("drift-monitor.window-duration = '5 minutes'")
        .hasMessageContaining("PT5M");
  }

  @Test
  void shouldRefuseAPsiDriftBelowThePsiWarning() {
    assertThatThrownBy(() -> load(Map.of("MLPIPE_DRIFT_MONITOR_THRESHOLDS_PSI_DRIFT", "0.05")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("drift-monitor.thresholds")
        .hasMessageContaining("psi-drift >= psi-warning");
  }
}
