package dev.mlpipe.events.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link HttpSchemaRegistryClient} reaches a registry.
 *
 * <p>Connection errors and 5xx answers are retried {@code maxRetries} times with exponential
 * backoff from {@code initialBackoff} doubling up to {@code maxBackoff}, but never for longer than
 * {@code maxRetryTime} in total.
 *
 * @param baseUrl the registry, e.g. {@code http://127.0.0.1:8081} (a path prefix is allowed)
 * @param basicAuth user and password for HTTP basic authentication, if the registry needs them
 * @param bearerToken a bearer token for the {@code Authorization} header, if the registry needs one
 * @param maxRetries how often a failed request is retried (0 = only one attempt)
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two attempts
 * @param maxRetryTime the longest time spent on one call including its retries
 * @param connectTimeout the longest wait for a TCP connection
 * @param requestTimeout the longest wait for one answer
 */
public record RegistryClientConfig(
    URI baseUrl,
    Optional<BasicAuth> basicAuth,
    Optional<String> bearerToken,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryTime,
    Duration connectTimeout,
    Duration requestTimeout) {

  /** Default retry count. */
  public static final int DEFAULT_MAX_RETRIES = 5;

  public RegistryClientConfig {
    Objects.requireNonNull(baseUrl, "registry baseUrl");
    Objects.requireNonNull(basicAuth, "basicAuth (use Optional.empty())");
    Objects.requireNonNull(bearerToken, "bearerToken (use Optional.empty())");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "registry URL '" + baseUrl + "' must start with http:// or https://");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "registry URL '" + baseUrl + "' has no host; write e.g. http://127.0.0.1:8081");
    }
    if (baseUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "registry URL must not carry credentials; pass them as basicAuth instead");
    }
    if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "registry URL '" + baseUrl + "' must not have a query or fragment");
    }
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    if (basicAuth.isPresent() && bearerToken.isPresent()) {
      throw new IllegalArgumentException(
          "registry client: choose basic auth or a bearer token, not both");
    }
    if (bearerToken.isPresent() && bearerToken.get().isBlank()) {
      throw new IllegalArgumentException("registry bearer token must not be blank");
    }
    if (maxRetries < 0 || maxRetries > 100) {
      throw new IllegalArgumentException("registry maxRetries must be 0-100, was " + maxRetries);
    }
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    requirePositive("maxRetryTime", maxRetryTime);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "registry maxBackoff ("
              + maxBackoff
              + ") must not be shorter than initialBackoff ("
              + initialBackoff
              + ")");
    }
  }

  /** A configuration with the defaults: 5 retries from 100 ms up to 2 s, 30 s in all. */
  public static RegistryClientConfig of(String baseUrl) {
    Objects.requireNonNull(baseUrl, "registry baseUrl");
    final URI uri;
    try {
      uri = URI.create(baseUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "registry URL '" + baseUrl + "' is not a valid URL: " + e.getMessage(), e);
    }
    return of(uri);
  }

  /** A configuration with the defaults: 5 retries from 100 ms up to 2 s, 30 s in all. */
  public static RegistryClientConfig of(URI baseUrl) {
    return new RegistryClientConfig(
        baseUrl,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAX_RETRIES,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  /** This configuration with basic authentication. */
  public RegistryClientConfig withBasicAuth(String user, String password) {
    return new RegistryClientConfig(
        baseUrl,
        Optional.of(new BasicAuth(user, password)),
        Optional.empty(),
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxRetryTime,
        connectTimeout,
        requestTimeout);
  }

  /** This configuration with a bearer token. */
  public RegistryClientConfig withBearerToken(String token) {
    return new RegistryClientConfig(
        baseUrl,
        Optional.empty(),
        Optional.of(token),
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxRetryTime,
        connectTimeout,
        requestTimeout);
  }

  /** This configuration with another retry policy. */
  public RegistryClientConfig withRetries(
      int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryTime) {
    return new RegistryClientConfig(
        baseUrl,
        basicAuth,
        bearerToken,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxRetryTime,
        connectTimeout,
        requestTimeout);
  }

  /** This configuration with other timeouts. */
  public RegistryClientConfig withTimeouts(Duration connectTimeout, Duration requestTimeout) {
    return new RegistryClientConfig(
        baseUrl,
        basicAuth,
        bearerToken,
        maxRetries,
        initialBackoff,
        maxBackoff,
        maxRetryTime,
        connectTimeout,
        requestTimeout);
  }

  /** Keeps secrets out of logs. */
  @Override
  public String toString() {
    return "RegistryClientConfig[baseUrl="
        + baseUrl
        + ", auth="
        + (basicAuth.isPresent() ? "basic" : bearerToken.isPresent() ? "bearer" : "none")
        + ", maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", maxRetryTime="
        + maxRetryTime
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("registry " + name + " must be positive, was " + value);
    }
  }

  /**
   * HTTP basic authentication credentials.
   *
   * @param user the user name, without ':'
   * @param password the password
   */
  public record BasicAuth(String user, String password) {
    public BasicAuth {
      Objects.requireNonNull(user, "basic auth user");
      Objects.requireNonNull(password, "basic auth password");
      if (user.isEmpty() || user.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "basic auth user must be non-empty and without ':', was '" + user + "'");
      }
    }

    /** Parses Confluent's {@code basic.auth.user.info} form {@code user:password}. */
    public static BasicAuth parse(String userInfo) {
      Objects.requireNonNull(userInfo, "basic auth user info");
      int colon = userInfo.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "basic auth user info must be 'user:password' (the value is not shown)");
      }
      return new BasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
      return "BasicAuth[user=" + user + ", password=***]";
    }
  }
}
