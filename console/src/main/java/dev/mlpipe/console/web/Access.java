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
    return check(method, authorization) == Verdict.ALLOWED;
  }

  /**
   * Whether a request may go on, and if not, why.
   *
   * @param method the HTTP method
   * @param authorization the {@code Authorization} header, or null
   */
  public Verdict check(String method, String authorization) {
    String m = method.toUpperCase(Locale.ROOT);
    boolean reading = m.equals("GET") || m.equals("HEAD");
    if (reading && loopbackOnly) {
      return Verdict.ALLOWED;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Verdict.NO_TOKEN;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
  }

  /** The answer to a request. */
  public enum Verdict {
    /** Go on. */
    ALLOWED(200, ""),
    /** No bearer token came with a request that needs one: 401. */
    NO_TOKEN(
        401,
        "this needs the console's bearer token: send 'Authorization: Bearer <token>' (the token"
            + " is console.token / MLPIPE_CONSOLE_TOKEN, or the one printed at start and kept in"
            + " <data-dir>/console/token)"),
    /** A bearer token came, and it is not the console's: 403. */
    WRONG_TOKEN(
        403,
        "the bearer token is not this console's token; use the one printed at start (kept in"
            + " <data-dir>/console/token) or configured as console.token");

    private final int status;
    private final String message;

    Verdict(int status, String message) {
      this.status = status;
      this.message = message;
    }

    /** The HTTP status to answer with. */
    public int status() {
      return status;
    }

    /** What to tell the person. */
    public String message() {
      return message;
    }
  }
}
