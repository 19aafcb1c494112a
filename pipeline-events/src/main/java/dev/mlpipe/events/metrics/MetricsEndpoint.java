package dev.mlpipe.events.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics}: the process's metrics ({@link ProcessMetrics}) for Prometheus, on a port of
 * its own, for the stages that have no HTTP server (or whose server is not theirs to extend).
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** The content type of Prometheus' text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI url;

  private MetricsEndpoint(HttpServer server, ExecutorService executor, URI url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Listens on {@code bindAddress:port} (port 0 = any free port).
   *
   * @throws UncheckedIOException naming the address when it cannot listen there
   */
  public static MetricsEndpoint start(String bindAddress, int port) {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port must be 0-65535, was " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "metrics endpoint: cannot listen on "
              + bindAddress
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose another --metrics-port",
          e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mlpipe-metrics-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/metrics", MetricsEndpoint::metrics);
    server.start();
    String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/metrics");
    return new MetricsEndpoint(server, executor, url);
  }

  /** Where it answers, e.g. {@code http://127.0.0.1:9400/metrics}. */
  public URI url() {
    return url;
  }

  private static void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = ProcessMetrics.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
