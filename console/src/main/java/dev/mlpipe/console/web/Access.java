package dev.mlpipe.console.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;

/**
 * Who may do what: reading needs no token while the console listens on loopback only; reading on
 * any other address, and every change (any method but GET and HEAD), needs {@code Authorization:
 * Bearer <token>}.
 */
public final class Access {

  private final boolean loopbackOnly;
  private final byte[] token;

  /**
   * @param loopbackOnly whether the console listens on a loopback address only
   * @param token the bearer token; never blank
   */
  public Access(boolean loopbackOnly, String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the console's bearer token must not be blank");
    }
    this.loopbackOnly = loopbackOnly;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether a request may go on.
   *
   * @param method the HTTP method
   * @param authorization the {@code Authorization} header, or null
   */
  public boolean allows(String method, String authorization) {
    String m = method.toUpperCase(Locale.ROOT);
    boolean reading = m.equals("GET") || m.equals("HEAD");
    if (reading && loopbackOnly) {
      return true;
    }
    return presented(authorization);
  }

  private boolean presented(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }
}
