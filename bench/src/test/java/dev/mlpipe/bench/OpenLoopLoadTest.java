package dev.mlpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {

  static {
    // As serving does: the JDK server answers without waiting for the delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private HttpServer server;
  private ExecutorService threads;

  private URI serve(long stallMillis) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    threads = Executors.newFixedThreadPool(2);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/stall")) {
              try {
                Thread.sleep(stallMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Model-Version", "v1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  @Test
  void shouldAnswerEveryRequestAtTheRateAndCountVersions() throws Exception {
    OpenLoopLoad load = new OpenLoopLoad(serve(0), 4, Duration.ofSeconds(2));

    OpenLoopLoad.Outcome outcome = load.run(500, 500, i -> "/ok?i=" + i);

    assertThat(outcome.sent()).isEqualTo(500);
    assertThat(outcome.ok()).as(outcome.describe()).isEqualTo(500);
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.versions()).containsEntry("v1", 500L);
    assertThat(outcome.seconds()).isBetween(0.9, 1.5);
  }

  @Test
  void shouldCountNon200AnswersAsFailed() throws Exception {
    OpenLoopLoad load = new OpenLoopLoad(serve(0), 2, Duration.ofSeconds(2));

    OpenLoopLoad.Outcome outcome = load.run(100, 500, i -> i % 10 == 0 ? "/missing" : "/ok");

    assertThat(outcome.failedStatus()).as(outcome.describe()).isEqualTo(10);
    assertThat(outcome.ok()).isEqualTo(90);
  }

  @Test
  void shouldCountTheWaitBehindAStalledRequestInTheLatencyOfThoseDueMeanwhile() throws Exception {
    // One connection: while it waits 200 ms for /stall, the requests due meanwhile queue.
    OpenLoopLoad load = new OpenLoopLoad(serve(200), 1, Duration.ofSeconds(2));

    OpenLoopLoad.Outcome outcome = load.run(200, 200, i -> i == 0 ? "/stall" : "/ok");

    assertThat(outcome.failed()).as(outcome.describe()).isZero();
    // Requests 1..39 were due during the stall: a closed loop would report them as fast.
    assertThat(outcome.quantileMs(0.90)).isGreaterThan(20);
  }

  @Test
  void shouldCountAnswersSlowerThanTheTimeoutAsTimedOut() throws Exception {
    OpenLoopLoad load = new OpenLoopLoad(serve(500), 2, Duration.ofMillis(100));

    OpenLoopLoad.Outcome outcome = load.run(20, 100, i -> i == 0 ? "/stall" : "/ok");

    assertThat(outcome.timedOut()).isGreaterThanOrEqualTo(1);
    assertThat(outcome.sent()).isEqualTo(20);
    assertThat(outcome.ok() + outcome.failed()).isEqualTo(20);
  }
}
