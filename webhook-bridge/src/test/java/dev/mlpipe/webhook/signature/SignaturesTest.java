package dev.mlpipe.webhook.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  // The example GitHub documents in "Validating webhook deliveries".
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final byte[] GITHUB_BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private static final WebhookSecrets SECRETS = new WebhookSecrets(List.of(GITHUB_SECRET));

  @Test
  void shouldSignAsGitHubDocumentsIt() {
    assertThat(Signatures.sign(GITHUB_SECRET, GITHUB_BODY)).isEqualTo(GITHUB_SIGNATURE);
  }

  @Test
  void shouldAcceptGitHubsDocumentedSignature() {
    assertThat(Signatures.verify(GITHUB_SIGNATURE, GITHUB_BODY, SECRETS))
        .isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void shouldAcceptUpperCaseHex() {
    String upper = "sha256=" + GITHUB_SIGNATURE.substring(7).toUpperCase(java.util.Locale.ROOT);
    assertThat(Signatures.verify(upper, GITHUB_BODY, SECRETS)).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void shouldRejectWhenTheBodyChangedByOneByte() {
    byte[] tampered = "Hello, World?".getBytes(StandardCharsets.UTF_8);
    assertThat(Signatures.verify(GITHUB_SIGNATURE, tampered, SECRETS))
        .isEqualTo(SignatureCheck.MISMATCH);
  }

  @Test
  void shouldRejectASignatureMadeWithAnotherSecret() {
    String other = Signatures.sign("another secret of some length", GITHUB_BODY);
    assertThat(Signatures.verify(other, GITHUB_BODY, SECRETS)).isEqualTo(SignatureCheck.MISMATCH);
  }

  @Test
  void shouldReportAMissingHeader() {
    assertThat(Signatures.verify(null, GITHUB_BODY, SECRETS)).isEqualTo(SignatureCheck.MISSING);
    assertThat(Signatures.verify(" ", GITHUB_BODY, SECRETS)).isEqualTo(SignatureCheck.MISSING);
  }

  @Test
  void shouldReportMalformedHeaders() {
    String hex = GITHUB_SIGNATURE.substring(7);
    assertThat(Signatures.verify(hex, GITHUB_BODY, SECRETS)).isEqualTo(SignatureCheck.MALFORMED);
    assertThat(Signatures.verify("sha1=" + hex, GITHUB_BODY, SECRETS))
        .isEqualTo(SignatureCheck.MALFORMED);
    assertThat(Signatures.verify("sha256=" + hex.substring(2), GITHUB_BODY, SECRETS))
        .isEqualTo(SignatureCheck.MALFORMED);
    assertThat(Signatures.verify("sha256=" + "zz" + hex.substring(2), GITHUB_BODY, SECRETS))
        .isEqualTo(SignatureCheck.MALFORMED);
  }

  @Test
  void shouldAcceptEitherSecretWhileOneIsRotated() {
    WebhookSecrets two = WebhookSecrets.parse("the-new-secret-long-enough , " + GITHUB_SECRET);
    assertThat(Signatures.verify(GITHUB_SIGNATURE, GITHUB_BODY, two))
        .isEqualTo(SignatureCheck.VALID);
    String byNew = Signatures.sign(two.current(), GITHUB_BODY);
    assertThat(Signatures.verify(byNew, GITHUB_BODY, two)).isEqualTo(SignatureCheck.VALID);
    assertThat(two.current()).isEqualTo("the-new-secret-long-enough");
  }

  @Test
  void shouldRefuseNoSecretOrAShortOneNamingTheVariable() {
    assertThatThrownBy(() -> WebhookSecrets.parse(" , "))
        .hasMessageContaining("MLPIPE_WEBHOOK_SECRET");
    assertThatThrownBy(() -> WebhookSecrets.parse("short")).hasMessageContaining("shorter than 16");
  }

  @Test
  void shouldNeverShowSecretsInToString() {
    assertThat(SECRETS.toString()).doesNotContain(GITHUB_SECRET).contains("hidden");
  }

  @Test
  void shouldGenerateDistinctLongSecrets() {
    SecureRandom random = new SecureRandom();
    String one = WebhookSecrets.generate(random);
    assertThat(one).hasSize(64).isNotEqualTo(WebhookSecrets.generate(random));
    assertThat(WebhookSecrets.parse(one).current()).isEqualTo(one);
  }
}
