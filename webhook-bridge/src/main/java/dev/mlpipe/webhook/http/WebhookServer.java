package dev.mlpipe.webhook.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP server of the bridge: GitHub deliveries and the events API on one port. */
public final class WebhookServer implements AutoCloseable {

  /** Handlers wait for Kafka's acknowledgement, so several requests are in flight at once. */
  private static final int THREADS = 16;

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUrl;

  private WebhookServer(HttpServer server, ExecutorService executor, URI baseUrl) {
    this.server = server;
    this.executor = executor;
    this.baseUrl = baseUrl;
  }

  /**
   * Binds {@code host:port} (0 for any free port) and starts serving.
   *
   * @throws IllegalStateException naming the address when it cannot be bound
   */
  public static WebhookServer start(
      String host, int port, GitHubWebhookHandler github, EventsApiHandler events) {
    Objects.requireNonNull(github, "github");
    Objects.requireNonNull(events, "events");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the webhook bridge cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); free the port or set MLPIPE_WEBHOOK_PORT (0 = any free port)",
          e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "webhook-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(GitHubWebhookHandler.PATH, github);
    server.createContext(EventsApiHandler.PREFIX, events);
    server.start();
    URI base = URI.create("http://" + host + ":" + server.getAddress().getPort());
    return new WebhookServer(server, executor, base);
  }

  /** {@code http://host:port}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The URL to give GitHub. */
  public URI gitHubUrl() {
    return baseUrl.resolve(GitHubWebhookHandler.PATH);
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
