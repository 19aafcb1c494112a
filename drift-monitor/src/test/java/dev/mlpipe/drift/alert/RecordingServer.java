package dev.mlpipe.drift.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint on 127.0.0.1 that records the requests it got and answers with the statuses it
 * is told, in order, then 200.
 */
public final class RecordingServer implements AutoCloseable {

  /** One request it took. */
  public record Request(String body, Map<String, List<String>> headers) {}

  public final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  public final AtomicInteger attempts = new AtomicInteger();
  private final HttpServer server;
  private final int[] statuses;

  public RecordingServer(int... statuses) {
    this.statuses = statuses.clone();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hook",
        exchange -> {
          int attempt = attempts.getAndIncrement();
          int status = attempt < this.statuses.length ? this.statuses[attempt] : 200;
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (status == 200) {
            requests.add(new Request(body, Map.copyOf(exchange.getRequestHeaders())));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
