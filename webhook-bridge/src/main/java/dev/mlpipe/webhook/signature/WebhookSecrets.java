package dev.mlpipe.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The secrets a delivery may be signed with: usually one, two while a secret is being rotated (the
 * new one first). {@link #toString()} never shows them.
 *
 * @param secrets at least one, none blank
 */
public record WebhookSecrets(List<String> secrets) {

  /** GitHub accepts any string; a short one is guessable, so one is at least this long. */
  public static final int MIN_LENGTH = 16;

  public WebhookSecrets {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one webhook secret is needed; set MLPIPE_WEBHOOK_SECRET");
    }
    for (int i = 0; i < secrets.size(); i++) {
      String secret = Objects.requireNonNull(secrets.get(i), "secret " + (i + 1));
      if (secret.strip().length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "webhook secret number "
                + (i + 1)
                + " is shorter than "
                + MIN_LENGTH
                + " characters; use a random one, e.g. `openssl rand -hex 32`");
      }
    }
    secrets = secrets.stream().map(String::strip).toList();
  }

  /**
   * Secrets from a comma-separated list, as in {@code MLPIPE_WEBHOOK_SECRET=new,old}; empty items
   * are ignored.
   */
  public static WebhookSecrets parse(String commaSeparated) {
    Objects.requireNonNull(commaSeparated, "commaSeparated");
    return new WebhookSecrets(
        Arrays.stream(commaSeparated.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  /** A fresh random secret (32 bytes, hex). */
  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The secret new signatures are made with (the first). */
  public String current() {
    return secrets.get(0);
  }

  List<byte[]> keys() {
    return secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Override
  public String toString() {
    return "WebhookSecrets[" + secrets.size() + " secret(s), hidden]";
  }
}
