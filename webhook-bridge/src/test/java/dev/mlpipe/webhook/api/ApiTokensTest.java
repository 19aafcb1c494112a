package dev.mlpipe.webhook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.webhook.api.ApiTokens.Access;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

  private static final String CI = "ci-token-0123456789abcdef";
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final ApiTokens TOKENS = ApiTokens.parse(CI + ":commit|feedback, " + ADMIN);

  @Test
  void shouldAllowATokenItsEventTypes() {
    assertThat(TOKENS.check("Bearer " + CI, "commit")).isEqualTo(Access.ALLOWED);
    assertThat(TOKENS.check("bearer " + CI, "feedback")).isEqualTo(Access.ALLOWED);
  }

  @Test
  void shouldForbidATokenOtherEventTypes() {
    assertThat(TOKENS.check("Bearer " + CI, "model-deployed")).isEqualTo(Access.FORBIDDEN);
  }

  @Test
  void shouldAllowEveryTypeToATokenWithoutScope() {
    assertThat(TOKENS.check("Bearer " + ADMIN, "model-deployed")).isEqualTo(Access.ALLOWED);
  }

  @Test
  void shouldTellAMissingTokenFromAnUnknownOne() {
    assertThat(TOKENS.check(null, "commit")).isEqualTo(Access.MISSING);
    assertThat(TOKENS.check("Basic dXNlcjpwYXNz", "commit")).isEqualTo(Access.MISSING);
    assertThat(TOKENS.check("Bearer " + CI + "x", "commit")).isEqualTo(Access.UNKNOWN);
  }

  @Test
  void shouldRefuseEverythingWithNoTokens() {
    assertThat(ApiTokens.parse(" ").isEmpty()).isTrue();
    assertThat(ApiTokens.none().check("Bearer " + CI, "commit")).isEqualTo(Access.UNKNOWN);
  }

  @Test
  void shouldRefuseShortTokensWithoutShowingThem() {
    assertThatThrownBy(() -> ApiTokens.parse("short"))
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining("short");
  }

  @Test
  void shouldNeverShowTokensInToString() {
    assertThat(TOKENS.toString()).doesNotContain(CI).doesNotContain(ADMIN).contains("2 token(s)");
  }
}
