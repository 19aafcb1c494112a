package dev.mlpipe.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.events.config.PipelineConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's configuration, section {@code console} of the pipeline configuration.
 *
 * @param bindAddress where it listens; loopback by default, so reading needs no token
 * @param port its port; 0 = any free port; a taken fixed port falls back to a free one
 * @param token the bearer token for changes (and for reading when not on loopback); empty = a
 *     random one generated at the first start, kept in {@code <data-dir>/console/token} and reused
 *     on later starts
 */
public record ConsoleConfig(String bindAddress, int port, Optional<String> token) {

  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_PORT = 8088;

  public ConsoleConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(token, "token");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("console.bind-address must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "console.port must be 0-65535 (0 = any free port), was " + port);
    }
    token = token.filter(t -> !t.isBlank());
  }

  /** The defaults: loopback, port 8088, a generated token. */
  public static ConsoleConfig defaults() {
    return new ConsoleConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, Optional.empty());
  }

  /** On loopback, on any free port, with a generated token: for tests and embedding. */
  public static ConsoleConfig anyFreePort() {
    return new ConsoleConfig(DEFAULT_BIND_ADDRESS, 0, Optional.empty());
  }

  /** The {@code console} section of the configuration; keys it does not set keep the defaults. */
  public static ConsoleConfig from(PipelineConfig config) {
    JsonNode section = config.section("console");
    String bind = DEFAULT_BIND_ADDRESS;
    int port = DEFAULT_PORT;
    Optional<String> token = Optional.empty();
    if (section.hasNonNull("bind-address")) {
      bind = config.string("console.bind-address");
    }
    if (section.hasNonNull("port")) {
      port = config.integer("console.port", 0, 65535);
    }
    if (section.hasNonNull("token")) {
      token = Optional.of(config.string("console.token"));
    }
    if (bind.isBlank()) {
      throw config.invalid("console.bind-address", bind, "must be a host name or address");
    }
    return new ConsoleConfig(bind, port, token);
  }

  /** Whether the bind address is a loopback address (reading then needs no token). */
  public boolean loopbackOnly() {
    return bindAddress.equals("localhost")
        || bindAddress.startsWith("127.")
        || bindAddress.equals("::1")
        || bindAddress.equals("[::1]");
  }

  @Override
  public String toString() {
    return "ConsoleConfig[bindAddress="
        + bindAddress
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "(set)" : "(generated)")
        + "]";
  }
}
