package dev.mlpipe.events.registry.server;

import java.util.Objects;

/**
 * Where the embedded registry listens.
 *
 * @param bindAddress the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, 0 for any free port
 * @param threads HTTP worker threads (requests are applied one at a time; threads only overlap I/O)
 */
public record RegistryServerConfig(String bindAddress, int port, int threads) {

  public RegistryServerConfig {
    Objects.requireNonNull(bindAddress, "registry bindAddress");
    if (bindAddress.isBlank()) {
      throw new IllegalArgumentException("registry bindAddress must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "registry port must be 0-65535 (0 = any free port), was " + port);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("registry threads must be 1-64, was " + threads);
    }
  }

  /** 127.0.0.1 on a free port: for tests and single-machine runs. */
  public static RegistryServerConfig loopback() {
    return new RegistryServerConfig("127.0.0.1", 0, 4);
  }

  /** This configuration on another port. */
  public RegistryServerConfig withPort(int port) {
    return new RegistryServerConfig(bindAddress, port, threads);
  }
}
