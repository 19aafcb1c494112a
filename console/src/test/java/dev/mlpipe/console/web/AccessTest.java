package dev.mlpipe.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessTest {

  @Test
  void shouldLetAnyoneReadOnLoopbackButNeedTheTokenForChanges() {
    Access access = new Access(true, "s3cret");

    assertThat(access.allows("GET", null)).isTrue();
    assertThat(access.allows("HEAD", null)).isTrue();
    assertThat(access.allows("POST", null)).isFalse();
    assertThat(access.allows("POST", "Bearer wrong")).isFalse();
    assertThat(access.allows("POST", "Bearer s3cret")).isTrue();
    assertThat(access.allows("delete", "bearer s3cret")).isTrue();
  }

  @Test
  void shouldNeedTheTokenEvenToReadWhenListeningBeyondLoopback() {
    Access access = new Access(false, "s3cret");

    assertThat(access.allows("GET", null)).isFalse();
    assertThat(access.allows("GET", "Basic czNjcmV0")).isFalse();
    assertThat(access.allows("GET", "Bearer s3cret")).isTrue();
  }

  @Test
  void shouldRefuseABlankToken() {
    assertThatThrownBy(() -> new Access(true, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  @Test
  void shouldTellAMissingTokenFromAWrongOne() {
    Access access = new Access(true, "s3cret");

    assertThat(access.check("POST", null)).isEqualTo(Access.Verdict.NO_TOKEN);
    assertThat(access.check("POST", "Basic czNjcmV0")).isEqualTo(Access.Verdict.NO_TOKEN);
    assertThat(access.check("POST", "Bearer wrong")).isEqualTo(Access.Verdict.WRONG_TOKEN);
    assertThat(Access.Verdict.NO_TOKEN.status()).isEqualTo(401);
    assertThat(Access.Verdict.WRONG_TOKEN.status()).isEqualTo(403);
  }
}
