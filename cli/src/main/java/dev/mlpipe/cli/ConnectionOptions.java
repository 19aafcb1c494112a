package dev.mlpipe.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and the schema registry are: {@code --bootstrap} / {@code
 * MLPIPE_BOOTSTRAP} and {@code --registry} / {@code MLPIPE_REGISTRY_URL}, defaulting to a local
 * {@code mlpipe up}.
 */
public final class ConnectionOptions {

  /** Where a local {@code mlpipe up} listens for Kafka clients by default. */
  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  /** Where a local {@code mlpipe up} serves the schema registry by default. */
  public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:MLPIPE_BOOTSTRAP:-" + DEFAULT_BOOTSTRAP + "}",
      description = "Kafka bootstrap servers (env MLPIPE_BOOTSTRAP; default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      defaultValue = "${env:MLPIPE_REGISTRY_URL:-" + DEFAULT_REGISTRY + "}",
      description = "Schema registry URL (env MLPIPE_REGISTRY_URL; default: ${DEFAULT-VALUE}).")
  String registry;

  /** The bootstrap servers, checked to be {@code host:port} pairs. */
  public String bootstrap() {
    for (String server : bootstrap.split(",")) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).matches("\\d{1,5}")) {
        throw new UserError(
            "--bootstrap '"
                + bootstrap
                + "' is not a list of HOST:PORT; for example --bootstrap 127.0.0.1:9092");
      }
    }
    return bootstrap.trim();
  }

  /** The registry URL, checked to be an absolute http(s) URL. */
  public URI registry() {
    try {
      URI uri = URI.create(registry.trim());
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--registry '"
              + registry
              + "' is not an http(s) URL; for example --registry http://127.0.0.1:8081");
    }
  }
}
