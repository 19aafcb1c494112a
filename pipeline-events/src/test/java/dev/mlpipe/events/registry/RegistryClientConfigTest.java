package dev.mlpipe.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

  @Test
  void shouldNormaliseTheBaseUrlAndApplyDefaults() {
    RegistryClientConfig config = RegistryClientConfig.of(" http://127.0.0.1:8081/registry/ ");

    assertThat(config.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8081/registry"));
    assertThat(config.maxRetries()).isEqualTo(RegistryClientConfig.DEFAULT_MAX_RETRIES);
    assertThat(config.basicAuth()).isEmpty();
    assertThat(config.bearerToken()).isEmpty();
  }

  @Test
  void shouldRejectAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> RegistryClientConfig.of("ftp://host:21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://host:21")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> RegistryClientConfig.of("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryClientConfig.of("http://exa mple"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid URL");
  }

  @Test
  void shouldRejectCredentialsInTheUrl() {
    assertThatThrownBy(() -> RegistryClientConfig.of("http://u:p@host:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("basicAuth")
        .hasMessageNotContaining("u:p");
  }

  @Test
  void shouldRejectBasicAuthAndBearerTogether() {
    RegistryClientConfig base = RegistryClientConfig.of("http://h:1");
    assertThatThrownBy(
            () ->
                new RegistryClientConfig(
                    base.baseUrl(),
                    Optional.of(new RegistryClientConfig.BasicAuth("u", "p")),
                    Optional.of("t"),
                    1,
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }

  @Test
  void shouldRejectBadRetryAndTimeoutValues() {
    RegistryClientConfig base = RegistryClientConfig.of("http://h:1");
    assertThatThrownBy(
            () ->
                base.withRetries(
                    -1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxRetries")
        .hasMessageContaining("-1");
    assertThatThrownBy(
            () ->
                base.withRetries(
                    1, Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> base.withBearerToken(" ")).hasMessageContaining("blank");
  }

  @Test
  void shouldParseUserInfoAndKeepSecretsOutOfToString() {
    RegistryClientConfig.BasicAuth auth = RegistryClientConfig.BasicAuth.parse("alice:pa:ss");
    RegistryClientConfig config =
        RegistryClientConfig.of("http://h:1").withBasicAuth("alice", "pa:ss");

    assertThat(auth.user()).isEqualTo("alice");
    assertThat(auth.password()).isEqualTo("pa:ss");
    assertThat(auth.toString()).doesNotContain("pa:ss");
    assertThat(config.toString()).doesNotContain("pa:ss").contains("basic");
    assertThat(RegistryClientConfig.of("http://h:1").withBearerToken("tok").toString())
        .doesNotContain("tok");
    assertThatThrownBy(() -> RegistryClientConfig.BasicAuth.parse("nocolon"))
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("nocolon");
  }
}
