package dev.mlpipe.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.webhook.github.GitHubSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code webhook} section of the repository's own config files, with variables over it. */
class WebhookBridgeConfigTest {

  private static final Optional<Path> CONFIG = Optional.of(Path.of("..", "config"));

  private static WebhookBridgeConfig load(String environment, Map<String, String> variables) {
    return WebhookBridgeConfig.from(PipelineConfig.load(environment, CONFIG, variables));
  }

  @Test
  void shouldDefaultToLoopbackPort8090NoSecretAndEveryPush() {
    for (String environment : new String[] {"dev", "staging", "production"}) {
      WebhookBridgeConfig config = load(environment, Map.of());
      assertThat(config.host()).isEqualTo("127.0.0.1");
      assertThat(config.port()).isEqualTo(8090);
      assertThat(config.anyPortIfTaken()).isTrue();
      assertThat(config.secrets()).isEmpty();
      assertThat(config.filter().repositories()).isEmpty();
      assertThat(config.filter().paths()).isEmpty();
      assertThat(config.pullRequests()).isFalse();
      assertThat(config.specPath()).isEqualTo("mlpipe.yaml");
      assertThat(config.apiTokens().isEmpty()).isTrue();
      assertThat(config.maxBodyBytes()).isEqualTo(GitHubSettings.GITHUB_MAX_BODY_BYTES);
    }
  }

  @Test
  void shouldReadEveryVariable() {
    WebhookBridgeConfig config =
        load(
            "dev",
            Map.of(
                "MLPIPE_WEBHOOK_PORT", "9000",
                "MLPIPE_WEBHOOK_SECRET", "new-secret-0123456789, old-secret-0123456789",
                "MLPIPE_WEBHOOK_REPOSITORIES", "acme/recsys, acme/fraud",
                "MLPIPE_WEBHOOK_BRANCHES", "main,release/*",
                "MLPIPE_WEBHOOK_PATHS", "models/**",
                "MLPIPE_WEBHOOK_PULL_REQUESTS", "true",
                "MLPIPE_WEBHOOK_MODELS", "acme/recsys=movie-recs",
                "MLPIPE_WEBHOOK_SPEC_PATH", "models/recsys/mlpipe.yaml",
                "MLPIPE_WEBHOOK_API_TOKENS", "ci-token-0123456789abcdef:commit|feedback"));
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.anyPortIfTaken()).as("a configured port is kept or fails").isFalse();
    assertThat(config.secrets().orElseThrow().secrets())
        .containsExactly("new-secret-0123456789", "old-secret-0123456789");
    assertThat(config.filter().repositories()).containsExactly("acme/recsys", "acme/fraud");
    assertThat(config.filter().branches()).hasSize(2);
    assertThat(config.filter().paths()).hasSize(1);
    assertThat(config.pullRequests()).isTrue();
    assertThat(config.models()).containsEntry("acme/recsys", "movie-recs");
    assertThat(config.specPath()).isEqualTo("models/recsys/mlpipe.yaml");
    assertThat(config.apiTokens().scopes()).hasSize(1);
    assertThat(config.gitHubSettings().models()).containsEntry("acme/recsys", "movie-recs");
  }

  @Test
  void shouldNameTheVariableAndValueThatIsWrong() {
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_PORT", "eighty")))
        .hasMessageContaining("MLPIPE_WEBHOOK_PORT='eighty'");
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_PORT", "70000")))
        .hasMessageContaining("webhook.port")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_PULL_REQUESTS", "maybe")))
        .hasMessageContaining("MLPIPE_WEBHOOK_PULL_REQUESTS='maybe'");
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_MODELS", "acme/recsys")))
        .hasMessageContaining("owner/name=model");
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_REPOSITORIES", "recsys")))
        .hasMessageContaining("owner/name");
  }

  @Test
  void shouldNotShowSecretsOrTokensInErrorsOrToString() {
    WebhookBridgeConfig config =
        load(
            "dev",
            Map.of(
                "MLPIPE_WEBHOOK_SECRET", "new-secret-0123456789",
                "MLPIPE_WEBHOOK_API_TOKENS", "ci-token-0123456789abcdef"));
    assertThat(config.toString())
        .doesNotContain("new-secret-0123456789")
        .doesNotContain("ci-token-0123456789abcdef");
    assertThatThrownBy(() -> load("dev", Map.of("MLPIPE_WEBHOOK_SECRET", "tooshort")))
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("tooshort");
  }
}
