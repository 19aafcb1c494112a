package dev.mlpipe.cli.up;

import dev.mlpipe.cli.publish.LocalGit;
import dev.mlpipe.cli.publish.PublishCommitCommand;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.cli.simulate.TrafficRun;
import dev.mlpipe.cli.simulate.TrafficStats;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.data.GeneratedDrift;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * What {@code up --demo} drives through the pipeline, in order: a fresh git repository of the
 * example, its first commit to production; simulated traffic with feedback; drift injected (users
 * the model never saw) until the drift monitor raises it; the trainer's retraining on the drift
 * (when the trainer reacts to DriftDetected) through the gate and a canary to production; a
 * deliberately worse commit the gate rejects; then a summary table of every run. Each step waits a
 * bounded time and says plainly what did not happen.
 */
final class Demo {

  /** The model of the lead example. */
  static final String MODEL = "movielens-recsys";

  /** The example the demo commits, relative to mlpipe's directory. */
  static final Path EXAMPLE = Path.of("examples", "movielens-recsys");

  /** The generator's shape and seed the example trains on, so the traffic's users are its users. */
  private static final GeneratedShape SHAPE = GeneratedShape.MOVIELENS_100K;

  private static final long DATA_SEED = 42;

  private static final GeneratedDrift DRIFT = GeneratedDrift.NEW_USERS;

  /**
   * How the demo paces itself.
   *
   * @param rate simulated requests per second
   * @param feedbackShare the share of answered requests that get feedback
   * @param calm how long traffic runs without drift before drift is injected
   * @param deploy the longest wait for a run to reach production
   * @param drift the longest wait for the drift monitor to raise the injected drift
   * @param retrain the longest wait for the trainer to start retraining on the drift
   */
  record Pace(
      double rate,
      double feedbackShare,
      Duration calm,
      Duration deploy,
      Duration drift,
      Duration retrain) {
    static final Pace DEFAULT =
        new Pace(
            200,
            0.3,
            Duration.ofSeconds(6),
            Duration.ofSeconds(120),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    /**
     * Beside three tabular examples ({@code --demo=all}) the one trainer also trains theirs, so the
     * recommender's runs may wait their turn: longer waits.
     */
    static final Pace BESIDE_OTHERS =
        new Pace(
            200,
            0.3,
            Duration.ofSeconds(6),
            Duration.ofSeconds(240),
            Duration.ofSeconds(90),
            Duration.ofSeconds(180));
  }

  private final LocalPipeline pipeline;
  private final PrintWriter out;
  private final Path example;
  private final Pace pace;
  private final long readyNanos;
  private final boolean closingSummary;
  private final AtomicBoolean driftOn = new AtomicBoolean();
  private volatile String outcome = "did not finish";
  private volatile TrafficRun traffic;

  Demo(LocalPipeline pipeline, PrintWriter out, Path example, Pace pace, long readyNanos) {
    this(pipeline, out, example, pace, readyNanos, true);
  }

  /**
   * @param closingSummary whether this demo prints the summary table and the done line at its end;
   *     not when it is one part of {@code --demo=all}, which prints one table for every example
   */
  Demo(
      LocalPipeline pipeline,
      PrintWriter out,
      Path example,
      Pace pace,
      long readyNanos,
      boolean closingSummary) {
    this.pipeline = pipeline;
    this.out = out;
    this.example = example;
    this.pace = pace;
    this.readyNanos = readyNanos;
    this.closingSummary = closingSummary;
  }

  /** Runs the whole demo; returns when it is over (the pipeline keeps running). */
  void run(Path workDir) throws InterruptedException {
    try (DemoEvents events = new DemoEvents(pipeline.bootstrap(), pipeline.registryUrl());
        DemoRepository repo = DemoRepository.create(example, workDir.resolve("repository"));
        Publisher publisher = new Publisher(pipeline.bootstrap(), pipeline.registryUrl())) {
      say("created a git repository of " + example + " in " + repo.dir());

      // 1. The first commit to production.
      LocalGit.Commit first = repo.commit("movielens-recsys: the first model");
      String firstRun = publish(publisher, repo, first);
      Optional<PipelineEvent> deployed = awaitOutcome(events, firstRun, pace.deploy());
      if (!inProduction(deployed)) {
        say("the first version did not reach production: " + describe(deployed));
        outcome = "NOT in production: " + describe(deployed);
        if (closingSummary) {
          summary(events);
        }
        return;
      }
      Duration firstProduction = sinceReady();
      outcome =
          "version "
              + ((ModelDeployed) deployed.get().value()).getVersion()
              + " in production "
              + seconds(firstProduction)
              + " after the ready line";
      say(
          "first version "
              + ((ModelDeployed) deployed.get().value()).getVersion()
              + " in production "
              + seconds(firstProduction)
              + " after the ready line");

      // 2. Traffic with feedback, then drift.
      Thread trafficThread = startTraffic();
      events.await(e -> false, pace.calm()); // let calm traffic run for a while
      long calmDrift =
          events.all().stream().filter(e -> e.value() instanceof DriftDetected).count();
      say(
          "calm traffic: "
              + traffic.snapshot().ok()
              + " requests answered, "
              + calmDrift
              + " drift alarm(s); injecting drift: "
              + DRIFT.id()
              + " (users the model never saw)");
      Instant injected = Instant.now();
      driftOn.set(true);
      Optional<PipelineEvent> drift =
          events.await(
              e ->
                  e.value() instanceof DriftDetected d
                      && d.getModel().equals(MODEL)
                      && d.getSeverity() == DriftSeverity.DRIFT
                      && !e.occurredAt().isBefore(injected),
              pace.drift());
      driftOn.set(false);
      if (drift.isEmpty()) {
        say(
            "the drift monitor raised no DriftDetected within "
                + pace.drift().toSeconds()
                + "s of the injected drift; see the logs");
      } else {
        DriftDetected d = (DriftDetected) drift.get().value();
        say(
            "drift detected "
                + seconds(Duration.between(injected, drift.get().occurredAt()))
                + " after injecting it: "
                + d.getKind()
                + " on version "
                + d.getVersion()
                + ", "
                + d.getSampleSize()
                + " predictions, "
                + strongest(d)
                + "; traffic is calm again");
        retrain(events, drift.get());
      }

      // 3. A deliberately worse commit.
      LocalGit.Commit worse =
          repo.commitSpec(
              DemoSpecs.worse(repo.spec()), "movielens-recsys: rank 1, one epoch (worse)");
      String worseRun = publish(publisher, repo, worse);
      Optional<PipelineEvent> verdict = awaitOutcome(events, worseRun, pace.deploy());
      if (verdict.isPresent() && verdict.get().value() instanceof ValidationFailed failed) {
        say("the gate rejected the worse commit's version " + failed.getVersion() + ":");
        outcome += "; the worse commit rejected by the gate";
        for (GateCheck check : failed.getReport().getChecks()) {
          if (!check.getPassed()) {
            say("  " + check.getName() + ": " + check.getReason());
          }
        }
      } else {
        say("the worse commit was not rejected by the gate: " + describe(verdict));
      }

      traffic.stop();
      trafficThread.join(10_000);
      if (!closingSummary) {
        say("the recommender's story is over");
        return;
      }
      summary(events);
      say(
          "done: first production "
              + seconds(firstProduction)
              + ", whole demo "
              + seconds(sinceReady())
              + " after the ready line");
    } finally {
      if (traffic != null) {
        traffic.close();
      }
    }
  }

  /** How far the story got, in a few words, for {@code --demo=all}'s closing lines. */
  String outcome() {
    return outcome;
  }

  /** Waits for the trainer's retraining on {@code drift} and its rollout, or says it is missing. */
  private void retrain(DemoEvents events, PipelineEvent drift) throws InterruptedException {
    Optional<PipelineEvent> started =
        events.await(
            e ->
                e.value() instanceof TrainingStarted s
                    && s.getModel().equals(MODEL)
                    && s.getTrigger() == TrainingTrigger.DRIFT
                    && !e.occurredAt().isBefore(drift.occurredAt()),
            pace.retrain());
    if (started.isEmpty()) {
      say(
          "NOT HAPPENED: the trainer did not start retraining within "
              + pace.retrain().toSeconds()
              + "s of DriftDetected (no TrainingStarted with trigger DRIFT). The trainer reacts"
              + " to drift once the retrain-on-drift change (feat/retrain) is in; going on"
              + " without it");
      return;
    }
    String runId = started.get().runId();
    say("the trainer retrains on the drift as run " + shortId(runId));
    Optional<PipelineEvent> retrained = awaitOutcome(events, runId, pace.deploy());
    if (inProduction(retrained)) {
      this.outcome += "; retrained on drift to production";
      say(
          "retrained version "
              + ((ModelDeployed) retrained.get().value()).getVersion()
              + " in production after its canary, "
              + seconds(Duration.between(drift.occurredAt(), retrained.get().occurredAt()))
              + " after the drift alarm");
    } else {
      this.outcome += "; retrained on drift, but not in production";
      say("the retrained version did not reach production: " + describe(retrained));
    }
  }

  private Thread startTraffic() {
    URI serving = URI.create(endpoint(pipeline, "serving"));
    traffic =
        TrafficRun.prepare(
            new TrafficRun.Settings(
                serving, MODEL, pace.rate(), 16, pace.feedbackShare(), SHAPE, DATA_SEED, DRIFT, 1),
            Optional.of(new Publisher(pipeline.bootstrap(), pipeline.registryUrl())));
    say(
        "simulated traffic: "
            + Math.round(pace.rate())
            + " requests/s to "
            + serving
            + ", feedback for "
            + Math.round(pace.feedbackShare() * 100)
            + " %");
    Thread thread =
        new Thread(
            () -> {
              try {
                TrafficStats.Snapshot last =
                    traffic.run(0, driftOn::get, Duration.ofSeconds(5), l -> say("traffic " + l));
                say("traffic stopped: " + last.line(traffic.elapsed(), ""));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "mlpipe-demo-traffic");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private String publish(Publisher publisher, DemoRepository repo, LocalGit.Commit commit) {
    String runId = publish(publisher, repo, commit, MODEL);
    say(
        "published commit "
            + commit.sha().substring(0, 10)
            + " \""
            + commit.subject()
            + "\" as run "
            + shortId(runId));
    return runId;
  }

  /** Publishes {@code commit} of {@code repo} as the CommitPushed of {@code model}; its runId. */
  static String publish(
      Publisher publisher, DemoRepository repo, LocalGit.Commit commit, String model) {
    CommitPushed pushed =
        PublishCommitCommand.commitPushed(
            model, repo.dir().toString(), "main", commit, "mlpipe.yaml");
    return publisher.publish(Topics.COMMIT, pushed).runId();
  }

  /** The run's final word: production at 100 %, or the event that ended it otherwise. */
  static Optional<PipelineEvent> awaitOutcome(DemoEvents events, String runId, Duration timeout)
      throws InterruptedException {
    Predicate<PipelineEvent> ends =
        e -> {
          SpecificRecord v = e.value();
          return v instanceof ModelDeployed d
                  && d.getEnvironment() == Environment.PRODUCTION
                  && d.getTrafficPercent() == 100
              || v instanceof TrainingFailed
              || v instanceof ValidationFailed
              || v instanceof DeploymentFailed
              || v instanceof RolledBack;
        };
    return events.await(e -> e.runId().equals(runId) && ends.test(e), timeout);
  }

  static boolean inProduction(Optional<PipelineEvent> outcome) {
    return outcome.isPresent() && outcome.get().value() instanceof ModelDeployed;
  }

  static String describe(Optional<PipelineEvent> outcome) {
    if (outcome.isEmpty()) {
      return "nothing within the time allowed (see `mlpipe runs` and the log)";
    }
    SpecificRecord v = outcome.get().value();
    if (v instanceof TrainingFailed f) {
      return "training failed: " + f.getReason();
    }
    if (v instanceof DeploymentFailed f) {
      return "deployment failed: " + f.getReason();
    }
    if (v instanceof RolledBack r) {
      return "rolled back: " + r.getReason();
    }
    if (v instanceof ValidationFailed f) {
      return "the gate rejected version "
          + f.getVersion()
          + ": "
          + String.join(
              "; ",
              f.getReport().getChecks().stream()
                  .filter(c -> !c.getPassed())
                  .map(c -> c.getName() + ": " + c.getReason())
                  .toList());
    }
    if (v instanceof ValidationPassed p) {
      return "validation passed for " + p.getVersion();
    }
    return outcome.get().type();
  }

  private static String strongest(DriftDetected d) {
    return d.getFeatures().stream()
        .filter(FeatureDrift::getDrifted)
        .findFirst()
        .map(
            f ->
                f.getStatistic()
                    + " of "
                    + f.getFeature()
                    + " "
                    + String.format(Locale.ROOT, "%.2f", f.getValue())
                    + " (threshold "
                    + f.getThreshold()
                    + ")")
        .orElse("no single feature beyond its threshold");
  }

  private void summary(DemoEvents events) {
    List<Run> runs = Runs.fold(events.all());
    synchronized (out) {
      out.println();
      out.println("demo summary (durations per stage; `mlpipe runs` and the console show more):");
      out.print(DemoSummary.format(runs));
      out.println("console: " + endpoint(pipeline, "console"));
      out.println("serving: " + endpoint(pipeline, "serving"));
      out.println();
      out.flush();
    }
  }

  /** The URL a stage of {@code pipeline} shows under {@code name} in the ready line. */
  static String endpoint(LocalPipeline pipeline, String name) {
    for (RunningStage stage : pipeline.stages()) {
      String url = stage.endpoints().get(name);
      if (url != null) {
        return url;
      }
    }
    return "(no " + name + " running)";
  }

  private Duration sinceReady() {
    return Duration.ofNanos(System.nanoTime() - readyNanos);
  }

  private void say(String text) {
    synchronized (out) {
      out.println("demo " + seconds(sinceReady()) + ": " + text);
      out.flush();
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }
}
