package dev.mlpipe.cli.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.cli.publish.LocalGit;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.ModelDeployed;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code up --demo=all}: the four examples side by side. The recommender tells its story (first
 * production, traffic, drift, retraining, the worse commit rejected) while the three tabular
 * examples (fraud-detection, customer-churn, taxi-fares) are each committed to a repository of
 * their own, trained, judged by the gate and deployed to production, then sent a burst of {@code
 * POST /v1/models/<model>/predict} requests made of generated rows. One summary table of every run
 * closes it.
 */
final class DemoAll {

  /**
   * A tabular example of the demo: its directory under the examples and its generator's shape.
   *
   * @param model the model name, also the example's directory name
   * @param shape the rows the example trains on, and the demo's requests are made of
   */
  record TabularExample(String model, TabularShape shape) {}

  /** The tabular examples, in the order they are committed. */
  static final List<TabularExample> TABULAR =
      List.of(
          new TabularExample("fraud-detection", TabularShape.FRAUD),
          new TabularExample("customer-churn", TabularShape.CHURN),
          new TabularExample("taxi-fares", TabularShape.TAXI));

  /**
   * How the tabular part paces itself.
   *
   * @param deploy the longest wait for an example's run to reach production
   * @param requests how many predictions each example in production is asked for
   * @param concurrency how many requests are in flight at once per example
   */
  record Pace(Duration deploy, int requests, int concurrency) {
    static final Pace DEFAULT = new Pace(Duration.ofSeconds(240), 200, 4);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalPipeline pipeline;
  private final PrintWriter out;
  private final Path examples;
  private final Pace pace;
  private final long readyNanos;
  private final Map<String, String> results = new ConcurrentHashMap<>();

  /**
   * @param examples the directory holding the four examples (mlpipe's {@code examples})
   */
  DemoAll(LocalPipeline pipeline, PrintWriter out, Path examples, Pace pace, long readyNanos) {
    this.pipeline = pipeline;
    this.out = out;
    this.examples = examples;
    this.pace = pace;
    this.readyNanos = readyNanos;
  }

  /** Runs the four examples; returns when all are over (the pipeline keeps running). */
  void run(Path workDir) throws InterruptedException {
    try (DemoEvents events = new DemoEvents(pipeline.bootstrap(), pipeline.registryUrl());
        Publisher publisher = new Publisher(pipeline.bootstrap(), pipeline.registryUrl())) {
      say(
          "all four examples side by side: "
              + Demo.MODEL
              + " (its drift story), "
              + String.join(", ", TABULAR.stream().map(TabularExample::model).toList())
              + " (train, gate, production, predictions)");
      List<Thread> parts = new ArrayList<>();
      Demo story =
          new Demo(
              pipeline,
              out,
              examples.resolve(Demo.MODEL),
              Demo.Pace.BESIDE_OTHERS,
              readyNanos,
              false);
      parts.add(
          start(
              Demo.MODEL,
              () -> {
                story.run(workDir.resolve(Demo.MODEL));
                results.put(Demo.MODEL, story.outcome());
              }));
      // The recommender's first commit goes first: the one trainer takes commits in order, and the
      // story's first production should not wait for three neural networks.
      events.await(
          e -> e.value() instanceof CommitPushed c && c.getModel().equals(Demo.MODEL),
          Duration.ofSeconds(60));
      for (TabularExample example : TABULAR) {
        parts.add(
            start(
                example.model(),
                () -> tabular(example, events, publisher, workDir.resolve(example.model()))));
      }
      for (Thread part : parts) {
        part.join();
      }
      summary(events);
      say("done: every example's outcome above, whole demo " + seconds() + " after the ready line");
    }
  }

  /** One tabular example: commit, wait for production, then ask it for predictions. */
  private void tabular(TabularExample example, DemoEvents events, Publisher publisher, Path dir)
      throws InterruptedException {
    String model = example.model();
    try (DemoRepository repo = DemoRepository.create(examples.resolve(model), dir)) {
      LocalGit.Commit commit = repo.commit(model + ": the first model");
      String runId = Demo.publish(publisher, repo, commit, model);
      say(
          model
              + ": published commit "
              + commit.sha().substring(0, 10)
              + " as run "
              + Demo.shortId(runId));
      Optional<PipelineEvent> outcome = Demo.awaitOutcome(events, runId, pace.deploy());
      if (!Demo.inProduction(outcome)) {
        String why = Demo.describe(outcome);
        results.put(model, "NOT in production: " + why);
        say(model + ": did not reach production: " + why);
        return;
      }
      String version = ((ModelDeployed) outcome.get().value()).getVersion();
      say(model + ": version " + version + " in production " + seconds() + " after the ready line");
      String traffic = predictions(example);
      results.put(model, "version " + version + " in production; " + traffic);
      say(model + ": " + traffic);
    }
  }

  /**
   * Asks serving for {@link Pace#requests()} predictions of rows the example's generator makes
   * (another seed than the training rows') and says how they went.
   */
  private String predictions(TabularExample example) throws InterruptedException {
    URI url =
        URI.create(
            Demo.endpoint(pipeline, "serving") + "/v1/models/" + example.model() + "/predict");
    TabularTable rows =
        TabularGenerator.generate(example.shape(), 4242, Math.max(pace.requests(), 1), false);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long[] latencies = new long[pace.requests()];
    int[] ok = new int[1];
    List<String> failures = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < pace.concurrency(); w++) {
      int worker = w;
      Thread thread =
          new Thread(
              () -> {
                for (int i = worker; i < pace.requests(); i += pace.concurrency()) {
                  long start = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        http.send(
                            HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(rows.features(i))))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - start;
                    synchronized (ok) {
                      if (response.statusCode() == 200) {
                        ok[0]++;
                      } else if (failures.size() < 3) {
                        failures.add(response.statusCode() + " " + response.body());
                      }
                    }
                  } catch (IOException e) {
                    latencies[i] = System.nanoTime() - start;
                    synchronized (ok) {
                      if (failures.size() < 3) {
                        failures.add(e.toString());
                      }
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "mlpipe-demo-predict-" + example.model() + "-" + w);
      thread.setDaemon(true);
      thread.start();
      workers.add(thread);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    synchronized (ok) {
      return pace.requests()
          + " predictions asked, "
          + ok[0]
          + " answered"
          + String.format(
              Locale.ROOT,
              ", p50=%.1fms p99=%.1fms",
              sorted[sorted.length / 2] / 1e6,
              sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6)
          + (failures.isEmpty() ? "" : "; failures: " + String.join(" | ", failures));
    }
  }

  @FunctionalInterface
  private interface Part {
    void run() throws InterruptedException;
  }

  private Thread start(String model, Part part) {
    Thread thread =
        new Thread(
            () -> {
              try {
                part.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                results.put(model, "failed: " + e.getMessage());
                say(model + ": failed: " + e.getMessage() + " (details in the log)");
              }
            },
            "mlpipe-demo-" + model);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void summary(DemoEvents events) {
    synchronized (out) {
      out.println();
      out.println(
          "demo summary, every example (durations per stage; `mlpipe runs` and the console show"
              + " more):");
      out.print(DemoSummary.format(Runs.fold(events.all())));
      out.println();
      List<String> models = new ArrayList<>();
      models.add(Demo.MODEL);
      TABULAR.forEach(t -> models.add(t.model()));
      for (String model : models) {
        out.println(
            String.format(
                Locale.ROOT, "%-18s %s", model, results.getOrDefault(model, "did not finish")));
      }
      out.println("console: " + Demo.endpoint(pipeline, "console"));
      out.println("serving: " + Demo.endpoint(pipeline, "serving"));
      out.println();
      out.flush();
    }
  }

  private String seconds() {
    return Demo.seconds(Duration.ofNanos(System.nanoTime() - readyNanos));
  }

  private void say(String text) {
    synchronized (out) {
      out.println("demo " + seconds() + ": " + text);
      out.flush();
    }
  }
}
