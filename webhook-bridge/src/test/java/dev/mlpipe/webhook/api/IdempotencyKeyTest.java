package dev.mlpipe.webhook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void shouldBeAbsentWithoutTheHeader() {
    assertThat(IdempotencyKey.parse(null)).isEmpty();
  }

  @Test
  void shouldKeepOneKeyPerEventTypeApartFromGitHubDeliveryIds() {
    IdempotencyKey key = IdempotencyKey.parse(" ci-job-42 ").orElseThrow();
    assertThat(key.ledgerKey("commit")).isEqualTo("events-api/commit/ci-job-42");
    assertThat(key.ledgerKey("feedback")).isNotEqualTo(key.ledgerKey("commit"));
  }

  @Test
  void shouldRefuseAKeyWithSpacesOrTooLongNamingTheHeader() {
    assertThatThrownBy(() -> IdempotencyKey.parse("two words"))
        .hasMessageContaining("Idempotency-Key")
        .hasMessageContaining("two words");
    assertThatThrownBy(() -> IdempotencyKey.parse("x".repeat(256)))
        .hasMessageContaining("1 to 255");
    assertThatThrownBy(() -> IdempotencyKey.parse("")).hasMessageContaining("Idempotency-Key");
  }

  @Test
  void shouldFingerprintTheSameRequestAlikeAndAnotherBodyOrTypeNot() {
    byte[] body = "{\"sha\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    byte[] other = "{\"sha\":\"b\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(IdempotencyKey.fingerprint("commit", body))
        .isEqualTo(IdempotencyKey.fingerprint("commit", body.clone()))
        .isNotEqualTo(IdempotencyKey.fingerprint("commit", other))
        .isNotEqualTo(IdempotencyKey.fingerprint("feedback", body))
        .startsWith("sha256:");
  }
}
