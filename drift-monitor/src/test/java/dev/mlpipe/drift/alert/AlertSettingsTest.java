package dev.mlpipe.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.config.ConfigException;
import dev.mlpipe.events.config.PipelineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

  private static final Optional<Path> CONFIG_DIR = Optional.of(Path.of("..", "config"));

  private static AlertSettings load(Map<String, String> variables) {
    return PipelineConfig.load("dev", CONFIG_DIR, variables).section("alerts", AlertSettings.class);
  }

  @Test
  void shouldShipEverySinkTurnedOff() {
    AlertSettings settings = load(Map.of());

    assertThat(settings).isEqualTo(AlertSettings.NONE);
    assertThat(settings.sinks(name -> null)).isEmpty();
  }

  @Test
  void shouldTurnTheGitHubAndEmailSinksOnFromEnvironmentVariables() {
    Map<String, String> variables =
        Map.of(
            "MLPIPE_ALERTS_GITHUB_REPOSITORY", "acme/recsys",
            "MLPIPE_ALERTS_GITHUB_TOKEN_ENV", "ACME_GITHUB_TOKEN",
            "MLPIPE_ALERTS_EMAIL_SMTP_HOST", "smtp.acme.example",
            "MLPIPE_ALERTS_EMAIL_FROM", "mlpipe@acme.example",
            "MLPIPE_ALERTS_EMAIL_TO", "ml-team@acme.example, oncall@acme.example");
    AlertSettings settings = load(variables);

    assertThat(settings.github().tokenEnv()).isEqualTo("ACME_GITHUB_TOKEN");
    assertThat(settings.email().to())
        .containsExactly("ml-team@acme.example", "oncall@acme.example");
    List<AlertSink> sinks = settings.sinks(Map.of("ACME_GITHUB_TOKEN", "ghp_x")::get);
    assertThat(sinks)
        .extracting(AlertSink::name)
        .containsExactly("github(api.github.com/acme/recsys)", "email(smtp.acme.example:587)");
  }

  @Test
  void shouldRefuseAnEmailSinkWithoutRecipientsNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("MLPIPE_ALERTS_EMAIL_SMTP_HOST", "smtp.acme.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerts.email");
  }
}
