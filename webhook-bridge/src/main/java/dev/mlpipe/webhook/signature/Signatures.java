package dev.mlpipe.webhook.signature;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Makes and checks {@code X-Hub-Signature-256} values. */
public final class Signatures {

  /** The header GitHub puts the signature in. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int HEX_LENGTH = 64;

  private Signatures() {}

  /** The header value for {@code body} signed with {@code secret}: {@code sha256=<hex>}. */
  public static String sign(String secret, byte[] body) {
    Objects.requireNonNull(secret, "secret");
    return PREFIX
        + HexFormat.of()
            .formatHex(hmac(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), body));
  }

  /**
   * Checks a header value against the body under every secret. Every secret is tried even after a
   * match and the digests are compared with {@link MessageDigest#isEqual}, so the time taken does
   * not tell an attacker how much of a guess was right.
   *
   * @param header the {@code X-Hub-Signature-256} value, or null when the header is absent
   */
  public static SignatureCheck verify(String header, byte[] body, WebhookSecrets secrets) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(secrets, "secrets");
    if (header == null || header.isBlank()) {
      return SignatureCheck.MISSING;
    }
    String value = header.strip();
    if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + HEX_LENGTH) {
      return SignatureCheck.MALFORMED;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return SignatureCheck.MALFORMED;
    }
    boolean matched = false;
    for (byte[] key : secrets.keys()) {
      matched |= MessageDigest.isEqual(hmac(key, body), given);
    }
    return matched ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
  }

  private static byte[] hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime ships HmacSHA256, and any non-empty key is valid for it.
      throw new IllegalStateException("HmacSHA256 unavailable: " + e.getMessage(), e);
    }
  }
}
