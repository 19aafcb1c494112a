package dev.mlpipe.webhook.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bearer tokens that may publish events, each with the event types it may publish ({@code *}
 * for all). Written as {@code TOKEN} (every type) or {@code TOKEN:commit|feedback},
 * comma-separated, as in {@code MLPIPE_WEBHOOK_API_TOKENS}. {@link #toString()} never shows a
 * token.
 *
 * @param scopes event types per token
 */
public record ApiTokens(Map<String, Set<String>> scopes) {

  /** Every event type. */
  public static final String ALL = "*";

  /** Tokens are compared by their digests so that a comparison takes the same time for any. */
  private static final String DIGEST = "SHA-256";

  public ApiTokens {
    Objects.requireNonNull(scopes, "scopes");
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    scopes.forEach(
        (token, types) -> {
          if (token == null || token.length() < 16 || !token.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException(
                "an API token must be at least 16 printable characters without spaces; use a random"
                    + " one, e.g. `openssl rand -hex 32`");
          }
          if (types.isEmpty()) {
            throw new IllegalArgumentException(
                "an API token needs at least one event type, or * for all");
          }
          copy.put(token, Set.copyOf(types));
        });
    scopes = Map.copyOf(copy);
  }

  /** No tokens: the events API refuses every request. */
  public static ApiTokens none() {
    return new ApiTokens(Map.of());
  }

  /** Tokens as written in {@code MLPIPE_WEBHOOK_API_TOKENS}; see the class description. */
  public static ApiTokens parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, Set<String>> scopes = new LinkedHashMap<>();
    for (String item : text.split(",")) {
      String entry = item.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String token = colon < 0 ? entry : entry.substring(0, colon);
      Set<String> types =
          colon < 0
              ? Set.of(ALL)
              : Set.copyOf(
                  Arrays.stream(entry.substring(colon + 1).split("\\|"))
                      .map(String::strip)
                      .filter(s -> !s.isEmpty())
                      .toList());
      scopes.put(token, types);
    }
    return new ApiTokens(scopes);
  }

  /** Whether any token is configured. */
  public boolean isEmpty() {
    return scopes.isEmpty();
  }

  /** Who may do what: the outcome of checking a request's Authorization header. */
  public enum Access {
    ALLOWED,
    /** 401: no {@code Authorization: Bearer} header. */
    MISSING,
    /** 401: a token that is not configured. */
    UNKNOWN,
    /** 403: a valid token that may not publish this event type. */
    FORBIDDEN
  }

  /** Checks an {@code Authorization} header (null when absent) for publishing {@code eventType}. */
  public Access check(String authorization, String eventType) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Access.MISSING;
    }
    byte[] given = digest(authorization.substring(7).strip());
    Set<String> matched = null;
    for (Map.Entry<String, Set<String>> entry : scopes.entrySet()) {
      if (MessageDigest.isEqual(digest(entry.getKey()), given)) {
        matched = entry.getValue();
      }
    }
    if (matched == null) {
      return Access.UNKNOWN;
    }
    return matched.contains(ALL) || matched.contains(eventType) ? Access.ALLOWED : Access.FORBIDDEN;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance(DIGEST).digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ApiTokens[" + scopes.size() + " token(s), hidden]";
  }
}
