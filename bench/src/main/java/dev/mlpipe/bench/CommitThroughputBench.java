package dev.mlpipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the pipeline absorbs per minute: a burst of commits of the demo model published at once,
 * timed from the first send until the last one's ModelDeployed(PRODUCTION, 100 %) is readable,
 * first with one trainer instance (the baseline), then with a second one in the trainer's consumer
 * group, in the same run on the same in-process pipeline ({@link PipelineHarness}). The ratio is
 * what the second instance adds on this machine.
 */
final class CommitThroughputBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(CommitThroughputBench.class);
  private static final Duration BURST_LIMIT = Duration.ofMinutes(10);
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(90);

  @Override
  public String name() {
    return "commit-throughput";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    int burst = (int) options.records(4, 8);
    Path data = Files.createTempDirectory("mlpipe-bench-throughput-");
    Path repo = PipelineHarness.demoRepository(data.resolve("repo"));
    double oneTrainer;
    double twoTrainers;
    try (PipelineHarness pipeline =
        PipelineHarness.start(
            data,
            Map.of("MLPIPE_APPROVAL_PRODUCTION", "auto", "MLPIPE_DEPLOYER_SERVING_PORT", "0"))) {
      pipeline.startTrainer("bench-1");
      pipeline.startGatekeeper("bench");
      pipeline.startDeployer("bench");
      try (PipelineRuns runs =
          new PipelineRuns(
              pipeline.bootstrap(), pipeline.registryUrl(), PipelineRuns.Target.PRODUCTION)) {
        burst(runs, repo, "warm", 1);
        oneTrainer = burst(runs, repo, "one", burst);
        progress("1 trainer: %.1f commits/min", oneTrainer);
        pipeline.startTrainer("bench-2");
        awaitTrainers(pipeline.bootstrap(), 2);
        twoTrainers = burst(runs, repo, "two", burst);
        progress("2 trainers: %.1f commits/min", twoTrainers);
      }
    }
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "a burst of %d commits of examples/movielens-recsys (each a fresh model name, so"
                    + " each goes straight to production at 100 %%) published at once; commits/min"
                    + " = %d / (first send -> last ModelDeployed PRODUCTION 100 %% read)",
                burst,
                burst),
            "baseline: the same burst with 1 trainer instance, just before; then a second"
                + " trainer instance joins the trainer group (both in this JVM) and the burst is"
                + " repeated with new model names; one gatekeeper and one deployer throughout",
            "config dev (production approval auto), one in-process broker, the embedded registry,"
                + " after one discarded warm-up commit");
    return List.of(
        new BenchResult(
            "commit-throughput-2-trainers",
            "commits absorbed per minute, 2 trainer instances (demo model)",
            twoTrainers,
            "commits/min",
            List.of(twoTrainers),
            Optional.of(BenchResult.Baseline.of("1 trainer instance", List.of(oneTrainer))),
            OptionalDouble.empty(),
            BenchResult.Direction.HIGHER_IS_BETTER,
            notes,
            run));
  }

  /**
   * Publishes {@code count} commits at once; returns commits per minute until all are in
   * production.
   */
  private static double burst(PipelineRuns runs, Path repo, String label, int count)
      throws Exception {
    List<String> models = new ArrayList<>();
    List<String> shas = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String model = PipelineHarness.DEMO_MODEL + "-" + label + "-" + i;
      models.add(model);
      shas.add(PipelineHarness.commitDemoAs(repo, model));
    }
    long start = System.nanoTime();
    List<CompletableFuture<PipelineRuns.Run>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pending.add(runs.publish(repo, models.get(i), shas.get(i)));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .get(BURST_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    long last = pending.stream().mapToLong(f -> f.join().doneNanos()).max().orElseThrow();
    double minutes = (last - start) / 60e9;
    return count / minutes;
  }

  private static void awaitTrainers(String bootstrap, int members) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
      while (true) {
        int now =
            admin
                .describeConsumerGroups(List.of("trainer"))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get("trainer")
                .members()
                .size();
        if (now == members) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the trainer group has "
                  + now
                  + " members after "
                  + JOIN_LIMIT
                  + ", expected "
                  + members);
        }
        // Polling the group's state (not waiting for a condition in-process): a short pause.
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.info(line);
    System.out.println("bench: " + line);
  }
}
