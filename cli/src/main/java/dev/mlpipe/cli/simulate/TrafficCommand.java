package dev.mlpipe.cli.simulate;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.Durations;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.models.data.GeneratedDrift;
import dev.mlpipe.models.data.GeneratedShape;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe simulate traffic}: recommend requests to serving at a steady rate. */
@Command(
    name = "traffic",
    mixinStandardHelpOptions = true,
    description = {
      "Sends real recommend requests (GET /v1/models/MODEL/recommend?user=U&k=10) to serving at a"
          + " steady rate, at most --concurrency at a time. Users are drawn from the seeded"
          + " MovieLens generator (--shape, --data-seed: by default the ones the movielens-recsys"
          + " example trains on), active users more often, as in the data the model knows.",
      "",
      "With --feedback, a share of the answered requests gets a FeedbackReceived on"
          + " mlpipe.feedback: the prediction id serving returned and the item and rating the user"
          + " actually gave. With --drift KIND, users (and feedback) come from the generator's"
          + " drifted data from --at on:",
      "  new-users            ids the model never saw: the drift monitor's data drift on `user`",
      "  popularity-shift     the long tail of items gets rated: changes the feedback only",
      "  rating-scale-shift   ratings one star harsher: changes the feedback only",
      "(The drift monitor joins feedback to predictions that carry a score; recommendations carry"
          + " items, so for a recommender only new-users is visible to it today.)",
      "",
      "Prints sent, ok, failed, feedback, rate and p50/p99 latency every --progress, and a summary"
          + " at the end (after --duration, or at Ctrl-C). Exit code 1 when any request failed.",
      "",
      "Examples:",
      "  mlpipe simulate traffic --model movielens-recsys --rate 200 --duration 1m --feedback",
      "  mlpipe simulate traffic --model movielens-recsys --rate 300 --drift new-users --at 20s",
      "  mlpipe simulate traffic --model movielens-recsys --rate 50 --serving http://127.0.0.1:8080"
    })
public final class TrafficCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "The model to ask.")
  String model;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "100",
      description = "Requests per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = Durations.class,
      description = "How long to send, e.g. 30s, 2m (default: until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--drift",
      paramLabel = "KIND",
      description = "Drifted users from --at on: new-users, popularity-shift, rating-scale-shift.")
  String drift;

  @Option(
      names = "--at",
      paramLabel = "T",
      converter = Durations.class,
      description = "When the drift starts, after the first request (default: 0s, from the start).")
  Duration at;

  @Option(
      names = "--drift-for",
      paramLabel = "D",
      converter = Durations.class,
      description = "How long the drift lasts (default: to the end).")
  Duration driftFor;

  @Option(
      names = "--feedback",
      description = "Publish FeedbackReceived for a share of the answered requests.")
  boolean feedback;

  @Option(
      names = "--feedback-share",
      paramLabel = "S",
      defaultValue = "0.3",
      description = "The share of answered requests that get feedback (default: ${DEFAULT-VALUE}).")
  double feedbackShare;

  @Option(
      names = "--serving",
      paramLabel = "URL",
      defaultValue = "${env:MLPIPE_SERVING_URL:-http://127.0.0.1:8080}",
      description =
          "Serving's base URL: the ready line's serving= (env MLPIPE_SERVING_URL; default:"
              + " ${DEFAULT-VALUE}).")
  String serving;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--shape",
      paramLabel = "SHAPE",
      defaultValue = "movielens-100k",
      description = "The generator's shape users come from (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--data-seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "The generator's seed: the model's spec's (default: ${DEFAULT-VALUE}).")
  long dataSeed;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "The seed of which users ask when (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--progress",
      paramLabel = "D",
      converter = Durations.class,
      defaultValue = "5s",
      description = "How often to print a progress line (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    TrafficRun.Settings settings = settings();
    Optional<Duration> driftAt =
        settings.drift() == GeneratedDrift.NONE
            ? Optional.empty()
            : Optional.of(at == null ? Duration.ZERO : at);
    Optional<Duration> driftLength = Optional.ofNullable(driftFor);
    if (progressEvery.isZero()) {
      throw new UserError("--progress must be above 0, e.g. 5s", 2, null);
    }
    Optional<Publisher> publisher =
        feedback
            ? Optional.of(new Publisher(connection.bootstrap(), connection.registry()))
            : Optional.empty();
    CountDownLatch finished = new CountDownLatch(1);
    try (TrafficRun run = TrafficRun.prepare(settings, publisher)) {
      long count = duration == null ? 0 : Math.max(1, run.requestsWithin(duration));
      Thread hook =
          new Thread(
              () -> {
                run.stop();
                try {
                  finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "mlpipe-simulate-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(
          "simulate: "
              + settings.rate()
              + " requests/s to "
              + settings.serving()
              + " for "
              + model
              + (duration == null ? " until Ctrl-C" : " for " + duration.toSeconds() + "s")
              + (feedback ? ", feedback for " + Math.round(feedbackShare * 100) + " %" : "")
              + driftAt
                  .map(t -> ", drift " + settings.drift().id() + " from " + t.toSeconds() + "s")
                  .orElse(""));
      out.flush();
      try {
        TrafficStats.Snapshot last =
            run.run(
                count,
                () -> RequestPlan.driftOn(run.elapsed(), driftAt, driftLength),
                progressEvery,
                line -> {
                  out.println("simulate: " + line);
                  out.flush();
                });
        out.println("simulate: done " + last.line(run.elapsed(), ""));
        if (last.failed() > 0 || last.feedbackFailed() > 0) {
          out.println(
              "simulate: "
                  + last.failed()
                  + " request(s) and "
                  + last.feedbackFailed()
                  + " feedback event(s) failed; the latest: "
                  + last.lastFailure());
        }
        out.flush();
        return last.failed() > 0 || last.feedbackFailed() > 0 ? 1 : 0;
      } finally {
        // At Ctrl-C the stop hook waits for this: the summary is printed before the JVM exits.
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is stopping (Ctrl-C): the hook is running
        }
      }
    }
  }

  private TrafficRun.Settings settings() {
    URI servingUrl;
    try {
      servingUrl = URI.create(serving.trim());
    } catch (IllegalArgumentException e) {
      throw new UserError("--serving '" + serving + "' is not a URL: " + e.getMessage(), 2, e);
    }
    if (servingUrl.getHost() == null || !servingUrl.getScheme().startsWith("http")) {
      throw new UserError(
          "--serving '" + serving + "' must be http://HOST:PORT, the ready line's serving=",
          2,
          null);
    }
    GeneratedShape generated =
        GeneratedShape.byId(shape)
            .orElseThrow(
                () ->
                    new UserError(
                        "--shape '" + shape + "' is unknown; known: " + GeneratedShape.knownIds(),
                        2,
                        null));
    GeneratedDrift kind = GeneratedDrift.NONE;
    if (drift != null) {
      kind =
          GeneratedDrift.byId(drift)
              .filter(d -> d != GeneratedDrift.NONE)
              .orElseThrow(
                  () ->
                      new UserError(
                          "--drift '"
                              + drift
                              + "' is unknown; use new-users, popularity-shift or"
                              + " rating-scale-shift",
                          2,
                          null));
    } else if (at != null || driftFor != null) {
      throw new UserError("--at and --drift-for need --drift KIND", 2, null);
    }
    if (!(rate > 0) || rate > 100_000) {
      throw new UserError(
          "--rate must be above 0 and at most 100000 requests/s, was " + rate, 2, null);
    }
    if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
      throw new UserError(
          "--feedback-share must be between 0 and 1, was " + feedbackShare, 2, null);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new UserError("--concurrency must be 1-256, was " + concurrency, 2, null);
    }
    try {
      return new TrafficRun.Settings(
          servingUrl, model, rate, concurrency, feedbackShare, generated, dataSeed, kind, seed);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2, e);
    }
  }
}
