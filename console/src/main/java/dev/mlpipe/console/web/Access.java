package dev.mlpipe.console.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may do what: reading needs no token while the console listens on loopback only; reading on
 * any other address needs {@code Authorization: Bearer <token>} or the session cookie that {@code
 * POST /login} with the token sets (browsers cannot send a bearer header with a link); every change
 * (any method but GET and HEAD) needs the bearer token.
 *
 * <p>The cookie holds an HMAC of a fixed label under the token, not the token itself, so it stops
 * working when the token changes and a leaked cookie does not give the token away. It is {@code
 * HttpOnly} (no script reads it) and {@code SameSite=Strict} (no other site's page sends it).
 */
public final class Access {

  /** The session cookie's name. */
  public static final String COOKIE = "mlpipe_console_session";

  private static final byte[] SESSION_LABEL =
      "mlpipe console session v1".getBytes(StandardCharsets.UTF_8);

  private final boolean loopbackOnly;
  private final byte[] token;
  private final byte[] session;

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
    this.session = hmac(this.token).getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code given} is the console's token (constant time). */
  public boolean isToken(String given) {
    return given != null
        && MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.UTF_8), token);
  }

  /** The {@code Set-Cookie} value that logs a browser in. */
  public String loginCookie() {
    return COOKIE
        + "="
        + new String(session, StandardCharsets.US_ASCII)
        + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** The {@code Set-Cookie} value that logs a browser out. */
  public static String logoutCookie() {
    return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  }

  /**
   * Whether a request may go on, and if not, why.
   *
   * @param method the HTTP method
   * @param authorization the {@code Authorization} header, or null
   * @param cookies the {@code Cookie} header, or null; it counts for reading only
   */
  public Verdict check(String method, String authorization, String cookies) {
    Verdict verdict = check(method, authorization);
    String m = method.toUpperCase(Locale.ROOT);
    if (verdict == Verdict.NO_TOKEN
        && (m.equals("GET") || m.equals("HEAD"))
        && hasSession(cookies)) {
      return Verdict.ALLOWED;
    }
    return verdict;
  }

  private boolean hasSession(String cookies) {
    if (cookies == null) {
      return false;
    }
    for (String cookie : cookies.split(";")) {
      String c = cookie.trim();
      if (c.startsWith(COOKIE + "=")
          && MessageDigest.isEqual(
              c.substring(COOKIE.length() + 1).getBytes(StandardCharsets.US_ASCII), session)) {
        return true;
      }
    }
    return false;
  }

  private static String hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(SESSION_LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
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
