package dev.mlpipe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit -> production for the demo model (examples/movielens-recsys): the time from publishing a
 * CommitPushed to its ModelDeployed(PRODUCTION, 100 %) being readable (read_committed), for commits
 * one at a time, next to the training and evaluation compute the trainer reports for the same runs
 * (the baseline, so the ratio is what the pipeline adds around the compute). Trainer, gatekeeper
 * and deployer run in this JVM with config dev (production approval auto, as in the demo) on one
 * in-process broker and the embedded registry ({@link PipelineHarness}).
 */
final class CommitToProductionBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(CommitToProductionBench.class);
  private static final int WARM_UP = 1;

  @Override
  public String name() {
    return "commit-to-production";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    int commits = (int) options.records(3, 8);
    Path data = Files.createTempDirectory("mlpipe-bench-production-");
    Path repo = PipelineHarness.demoRepository(data.resolve("repo"));
    List<Double> totals = new ArrayList<>();
    List<Double> computes = new ArrayList<>();
    try (PipelineHarness pipeline =
        PipelineHarness.start(
            data,
            Map.of("MLPIPE_APPROVAL_PRODUCTION", "auto", "MLPIPE_DEPLOYER_SERVING_PORT", "0"))) {
      pipeline.startTrainer("bench");
      pipeline.startGatekeeper("bench");
      pipeline.startDeployer("bench");
      try (PipelineRuns runs =
          new PipelineRuns(
              pipeline.bootstrap(), pipeline.registryUrl(), PipelineRuns.Target.PRODUCTION)) {
        progress(
            "trainer, gatekeeper and deployer running; %d commits of the demo model one at a time,"
                + " after %d warm-up commit",
            commits, WARM_UP);
        for (int i = -WARM_UP; i < commits; i++) {
          String model = PipelineHarness.DEMO_MODEL + "-" + (i + WARM_UP + 1);
          String sha = PipelineHarness.commitDemoAs(repo, model);
          long start = System.nanoTime();
          PipelineRuns.Run result = runs.publishAndAwait(repo, model, sha);
          double total = (result.doneNanos() - start) / 1e6;
          double compute = result.trainingMillis() + result.evaluationMillis();
          progress(
              "%s: %.0f ms commit -> production, %.0f ms of it training and evaluation%s",
              model, total, compute, i < 0 ? " (warm-up, discarded)" : "");
          if (i >= 0) {
            totals.add(total);
            computes.add(compute);
          }
        }
      }
    }
    List<String> notes =
        List.of(
            String.format(
                Locale.ROOT,
                "%d commits of examples/movielens-recsys (recommender-sgd-mf rank 10, 30 epochs,"
                    + " generated MovieLens-100K shape), one at a time, after %d warm-up commit,"
                    + " each under a fresh model name so its first version goes straight to"
                    + " production at 100 %% as the demo's first deployment does",
                commits,
                WARM_UP),
            "time = CommitPushed sent -> ModelDeployed PRODUCTION 100 % returned by a"
                + " read_committed consumer; baseline = trainingMillis + evaluationMillis of the same"
                + " run's TrainingFinished, so the ratio is the whole run over its compute",
            "trainer, gatekeeper and deployer in one JVM with config dev (production approval"
                + " auto), one in-process broker, the embedded registry; the repository is a local"
                + " git repository made with git (the demo makes it with JGit)",
            String.format(
                Locale.ROOT,
                "max %.0f ms commit -> production; compute max %.0f ms",
                totals.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                computes.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    BenchResult.Baseline compute = BenchResult.Baseline.of("training + evaluation", computes);
    return List.of(
        new BenchResult(
            "commit-to-production-p50",
            "commit -> production p50, demo model (movielens-recsys)",
            Stats.percentile(totals, 50),
            "ms",
            totals,
            Optional.of(compute),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            notes,
            run),
        new BenchResult(
            "commit-to-production-max",
            "commit -> production max, demo model (movielens-recsys)",
            totals.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
            "ms",
            List.of(totals.stream().mapToDouble(Double::doubleValue).max().orElseThrow()),
            Optional.of(
                BenchResult.Baseline.of(
                    "training + evaluation, max",
                    List.of(
                        computes.stream().mapToDouble(Double::doubleValue).max().orElseThrow()))),
            OptionalDouble.empty(),
            BenchResult.Direction.LOWER_IS_BETTER,
            notes,
            run));
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.info(line);
    System.out.println("bench: " + line);
  }
}
