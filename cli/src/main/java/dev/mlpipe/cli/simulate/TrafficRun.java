package dev.mlpipe.cli.simulate;

import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.data.GeneratedDrift;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.FeedbackReceived;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One simulation as {@code simulate traffic} and {@code up --demo} run it: the generator's data
 * (and its drifted variant), the plan, the simulator, feedback published to {@code mlpipe.feedback}
 * and a progress line every few seconds.
 */
public final class TrafficRun implements AutoCloseable {

  /**
   * What to simulate.
   *
   * @param serving serving's base URL
   * @param model the model to ask
   * @param rate requests per second
   * @param concurrency requests in flight at most
   * @param feedbackShare the share of answered requests that get feedback (0: none)
   * @param shape the generator's shape users come from
   * @param dataSeed the generator's seed (the model's spec's, so users are the ones it knows)
   * @param drift the variant drifted traffic comes from
   * @param seed the seed of the plan's draws
   */
  public record Settings(
      URI serving,
      String model,
      double rate,
      int concurrency,
      double feedbackShare,
      GeneratedShape shape,
      long dataSeed,
      GeneratedDrift drift,
      long seed) {
    public Settings {
      Objects.requireNonNull(serving, "serving");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(drift, "drift");
    }
  }

  /** Recommendations per request, as a client page of ten would ask. */
  public static final int K = 10;

  private final Settings settings;
  private final RequestPlan plan;
  private final TrafficSimulator simulator;
  private final Optional<Publisher> publisher;
  private final ScheduledExecutorService progress;
  private volatile long startNanos;

  private TrafficRun(
      Settings settings,
      RequestPlan plan,
      TrafficSimulator simulator,
      Optional<Publisher> publisher) {
    this.settings = settings;
    this.plan = plan;
    this.simulator = simulator;
    this.publisher = publisher;
    this.progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mlpipe-simulate-progress");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Makes the data and the plan. Feedback goes through {@code publisher} (owned by the run from now
   * on) when the settings ask for feedback.
   */
  public static TrafficRun prepare(Settings settings, Optional<Publisher> publisher) {
    RatingTable normal = MovieLensGenerator.generate(settings.shape(), settings.dataSeed());
    RatingTable drifted =
        settings.drift() == GeneratedDrift.NONE
            ? normal
            : MovieLensGenerator.generate(settings.shape(), settings.dataSeed(), settings.drift());
    RequestPlan plan =
        new RequestPlan(
            settings.rate(),
            publisher.isPresent() ? settings.feedbackShare() : 0,
            normal,
            drifted,
            settings.seed());
    EventMetas metas = Publisher.metas();
    TrafficSimulator simulator =
        new TrafficSimulator(
            settings.serving(),
            settings.model(),
            K,
            settings.concurrency(),
            feedback ->
                publisher
                    .<CompletableFuture<?>>map(
                        p -> p.send(Topics.FEEDBACK, event(settings.model(), feedback, metas)))
                    .orElseGet(() -> CompletableFuture.completedFuture(null)));
    return new TrafficRun(settings, plan, simulator, publisher);
  }

  /** The feedback event for one served prediction. */
  static FeedbackReceived event(
      String model, TrafficSimulator.Feedback feedback, EventMetas metas) {
    return FeedbackReceived.newBuilder()
        .setMeta(metas.newRun())
        .setModel(model)
        .setPredictionId(feedback.predictionId())
        .setActual(feedback.outcome().rating())
        .setItem(String.valueOf(feedback.outcome().item()))
        .build();
  }

  /** How many requests a run of {@code duration} sends. */
  public long requestsWithin(Duration duration) {
    return plan.requestsWithin(duration);
  }

  /**
   * Sends requests until {@code count} were sent (0: until {@link #stop}), printing a progress line
   * to {@code lines} every {@code every}; {@code drift} says when drift is on.
   */
  public TrafficStats.Snapshot run(
      long count, BooleanSupplier drift, Duration every, Consumer<String> lines)
      throws InterruptedException {
    startNanos = System.nanoTime();
    progress.scheduleAtFixedRate(
        () -> lines.accept(progressLine(drift.getAsBoolean())),
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      simulator.run(plan, count, drift);
    } finally {
      progress.shutdownNow();
    }
    return simulator.stats().snapshot();
  }

  /** The progress line at this moment. */
  public String progressLine(boolean driftOn) {
    return simulator
        .stats()
        .snapshot()
        .line(
            elapsed(),
            settings.drift() == GeneratedDrift.NONE || !driftOn ? "" : settings.drift().id());
  }

  /** Time since {@link #run} started. */
  public Duration elapsed() {
    return startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** The figures so far. */
  public TrafficStats.Snapshot snapshot() {
    return simulator.stats().snapshot();
  }

  /** Makes {@link #run} return soon. */
  public void stop() {
    simulator.stop();
  }

  @Override
  public void close() {
    simulator.close();
    progress.shutdownNow();
    publisher.ifPresent(Publisher::close);
  }
}
