package dev.mlpipe.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Sends a {@link RequestPlan}'s requests to serving ({@code GET
 * /v1/models/{model}/recommend?user=U&k=10}) when they are due, at most {@code concurrency} at a
 * time, and hands the feedback of answered requests (with the prediction id serving returned) to a
 * sink. When serving is slower than the rate allows, requests wait for a free slot and the rate
 * falls: the simulator never piles up unbounded work.
 */
public final class TrafficSimulator implements AutoCloseable {

  /** What is reported for a served prediction: its id and the outcome the plan gave it. */
  public record Feedback(String predictionId, String version, PlannedRequest.Outcome outcome) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI serving;
  private final String model;
  private final int k;
  private final int concurrency;
  private final Semaphore slots;
  private final ExecutorService executor;
  private final HttpClient http;
  private final Function<Feedback, CompletableFuture<?>> feedback;
  private final TrafficStats stats = new TrafficStats();
  private volatile boolean stopped;

  /**
   * @param serving serving's base URL, e.g. {@code http://127.0.0.1:8080}
   * @param model the model to ask
   * @param k recommendations per request
   * @param concurrency requests in flight at most
   * @param feedback publishes the feedback of answered requests that carry an outcome
   */
  public TrafficSimulator(
      URI serving,
      String model,
      int k,
      int concurrency,
      Function<Feedback, CompletableFuture<?>> feedback) {
    this.serving = Objects.requireNonNull(serving, "serving");
    this.model = Objects.requireNonNull(model, "model");
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, was " + concurrency);
    }
    this.k = k;
    this.concurrency = concurrency;
    this.slots = new Semaphore(concurrency);
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.executor =
        Executors.newFixedThreadPool(
            Math.min(concurrency, 4),
            r -> {
              Thread t = new Thread(r, "mlpipe-simulate-http");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** What was counted so far. */
  public TrafficStats stats() {
    return stats;
  }

  /** Makes {@link #run} return soon; safe from any thread. */
  public void stop() {
    stopped = true;
  }

  /**
   * Sends the plan's requests until {@code count} were sent (0: until {@link #stop}), then waits
   * for the ones in flight. {@code drift} is asked before each request whether drift is on.
   */
  public void run(RequestPlan plan, long count, BooleanSupplier drift) throws InterruptedException {
    long start = System.nanoTime();
    for (long i = 0; !stopped && (count == 0 || i < count); i++) {
      PlannedRequest request = plan.next(drift.getAsBoolean());
      long wait = start + request.dueNanos() - System.nanoTime();
      while (wait > 0 && !stopped) {
        // Pacing to a schedule, not waiting for a condition: park until the request is due.
        LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
        wait = start + request.dueNanos() - System.nanoTime();
      }
      if (stopped) {
        break;
      }
      slots.acquire();
      send(request);
    }
    // Wait for the requests in flight: take every slot back.
    slots.acquire(concurrency);
    slots.release(concurrency);
  }

  private void send(PlannedRequest request) {
    stats.sent();
    URI uri =
        serving.resolve(
            "/v1/models/"
                + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + "/recommend?user="
                + request.user()
                + "&k="
                + k);
    HttpRequest http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> answer;
    try {
      answer = this.http.sendAsync(http, HttpResponse.BodyHandlers.ofString());
    } catch (RuntimeException e) {
      slots.release();
      stats.failed(e.toString());
      return;
    }
    answer.whenComplete(
        (response, error) -> {
          try {
            long micros = (System.nanoTime() - started) / 1_000;
            if (error != null) {
              stats.failed("GET " + uri + ": " + rootMessage(error));
            } else if (response.statusCode() != 200) {
              stats.failed(
                  "GET " + uri + ": status " + response.statusCode() + " " + response.body());
            } else {
              stats.ok(micros);
              request.feedback().ifPresent(outcome -> feedback(response.body(), outcome));
            }
          } finally {
            slots.release();
          }
        });
  }

  private void feedback(String body, PlannedRequest.Outcome outcome) {
    Optional<Feedback> parsed = parse(body, outcome);
    if (parsed.isEmpty()) {
      stats.feedbackFailed("serving's answer has no predictionId: " + body);
      return;
    }
    try {
      feedback
          .apply(parsed.get())
          .whenComplete(
              (done, error) -> {
                if (error == null) {
                  stats.feedbackSent();
                } else {
                  stats.feedbackFailed("feedback not published: " + rootMessage(error));
                }
              });
    } catch (RuntimeException e) {
      stats.feedbackFailed("feedback not published: " + e.getMessage());
    }
  }

  /** The prediction id and version of serving's JSON answer. */
  static Optional<Feedback> parse(String body, PlannedRequest.Outcome outcome) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode id = node.get("predictionId");
      if (id == null || !id.isTextual()) {
        return Optional.empty();
      }
      JsonNode version = node.get("version");
      return Optional.of(
          new Feedback(id.asText(), version == null ? "" : version.asText(), outcome));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  @Override
  public void close() {
    stopped = true;
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
