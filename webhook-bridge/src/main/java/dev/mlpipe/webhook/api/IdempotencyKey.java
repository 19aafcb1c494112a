package dev.mlpipe.webhook.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} of an events API request: a retried request with the same key (for
 * the same event type) publishes nothing new and is answered with the first request's eventId and
 * runId; a different request reusing the key is refused with 422. Keys are recorded in the same
 * durable ledger as GitHub delivery ids, so this holds across restarts and bridge instances.
 *
 * @param value the header's value: 1 to 255 visible ASCII characters
 */
public record IdempotencyKey(String value) {

  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  /** The longest key accepted. */
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_LENGTH || !value.matches("[\\x21-\\x7e]+")) {
      throw new IllegalArgumentException(
          HEADER
              + " must be 1 to "
              + MAX_LENGTH
              + " visible ASCII characters without spaces (a UUID is a good choice), was '"
              + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
              + "'");
    }
  }

  /**
   * The key of a request, if it has one.
   *
   * @param header the header's value, or null when absent
   * @throws IllegalArgumentException naming the header when its value is not a valid key
   */
  public static Optional<IdempotencyKey> parse(String header) {
    return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header.strip()));
  }

  /**
   * The ledger key this key is recorded under for {@code eventType}; prefixed so that it cannot
   * meet a GitHub delivery id.
   */
  public String ledgerKey(String eventType) {
    return "events-api/" + eventType + "/" + value;
  }

  /**
   * What a request looks like, to tell a retry (same fingerprint) from another request reusing the
   * key: the SHA-256 of the event type and the body.
   */
  public static String fingerprint(String eventType, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(eventType.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(body);
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
