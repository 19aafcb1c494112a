package dev.mlpipe.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.webhook.github.GitHubSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookBridgeConfigTest {

  @Test
  void shouldDefaultToLoopbackPort8090NoSecretAndEveryPush() {
    WebhookBridgeConfig config = WebhookBridgeConfig.fromEnvironment(Map.of());
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8090);
    assertThat(config.anyPortIfTaken()).isTrue();
    assertThat(config.secrets()).isEmpty();
    assertThat(config.filter().repositories()).isEmpty();
    assertThat(config.pullRequests()).isFalse();
    assertThat(config.apiTokens().isEmpty()).isTrue();
    assertThat(config.maxBodyBytes()).isEqualTo(GitHubSettings.GITHUB_MAX_BODY_BYTES);
  }

  @Test
  void shouldReadEveryVariable() {
    WebhookBridgeConfig config =
        WebhookBridgeConfig.fromEnvironment(
            Map.of(
                "MLPIPE_WEBHOOK_PORT", "9000",
                "MLPIPE_WEBHOOK_SECRET", "new-secret-0123456789, old-secret-0123456789",
                "MLPIPE_WEBHOOK_REPOSITORIES", "acme/recsys, acme/fraud",
                "MLPIPE_WEBHOOK_BRANCHES", "main,release/*",
                "MLPIPE_WEBHOOK_PATHS", "models/**",
                "MLPIPE_WEBHOOK_PULL_REQUESTS", "true",
                "MLPIPE_WEBHOOK_MODELS", "acme/recsys=movie-recs",
                "MLPIPE_WEBHOOK_API_TOKENS", "ci-token-0123456789abcdef:commit"));
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.anyPortIfTaken()).as("a configured port is kept or fails").isFalse();
    assertThat(config.secrets().orElseThrow().secrets()).hasSize(2);
    assertThat(config.filter().repositories()).containsExactly("acme/recsys", "acme/fraud");
    assertThat(config.filter().branches()).hasSize(2);
    assertThat(config.filter().paths()).hasSize(1);
    assertThat(config.pullRequests()).isTrue();
    assertThat(config.models()).containsEntry("acme/recsys", "movie-recs");
    assertThat(config.gitHubSettings().models()).containsEntry("acme/recsys", "movie-recs");
  }

  @Test
  void shouldNameTheVariableAndValueThatIsWrong() {
    assertThatThrownBy(
            () -> WebhookBridgeConfig.fromEnvironment(Map.of("MLPIPE_WEBHOOK_PORT", "eighty")))
        .hasMessageContaining("MLPIPE_WEBHOOK_PORT='eighty'");
    assertThatThrownBy(
            () ->
                WebhookBridgeConfig.fromEnvironment(
                    Map.of("MLPIPE_WEBHOOK_PULL_REQUESTS", "maybe")))
        .hasMessageContaining("MLPIPE_WEBHOOK_PULL_REQUESTS='maybe'");
    assertThatThrownBy(
            () ->
                WebhookBridgeConfig.fromEnvironment(Map.of("MLPIPE_WEBHOOK_MODELS", "acme/recsys")))
        .hasMessageContaining("owner/name=model");
    assertThatThrownBy(
            () ->
                WebhookBridgeConfig.fromEnvironment(
                    Map.of("MLPIPE_WEBHOOK_REPOSITORIES", "recsys")))
        .hasMessageContaining("owner/name");
    assertThatThrownBy(() -> WebhookBridgeConfig.defaults().withPort(70000))
        .hasMessageContaining("0-65535");
  }

  @Test
  void shouldNotShowSecretsOrTokens() {
    WebhookBridgeConfig config =
        WebhookBridgeConfig.fromEnvironment(
            Map.of(
                "MLPIPE_WEBHOOK_SECRET", "new-secret-0123456789",
                "MLPIPE_WEBHOOK_API_TOKENS", "ci-token-0123456789abcdef"));
    assertThat(config.toString())
        .doesNotContain("new-secret-0123456789")
        .doesNotContain("ci-token-0123456789abcdef");
  }
}
