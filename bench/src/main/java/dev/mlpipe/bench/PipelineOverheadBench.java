package dev.mlpipe.bench;

import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.data.RatingsWriter;
import java.nio.charset.StandardCharsets;
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
 * What the pipeline adds to a run beyond its compute: the time from publishing a CommitPushed to
 * its ModelDeployed(STAGING) being readable (read_committed), minus the training and evaluation
 * time the trainer reports in TrainingFinished, for commits of a tiny model one at a time. Trainer,
 * gatekeeper and deployer run in this JVM with their real configuration (dev, production approval
 * manual so no canary overlaps the next commit) on one in-process broker and the embedded registry.
 * What remains is Kafka hops and transactions, reading the spec at the commit (JGit), loading the
 * data, storing and verifying the artifact, and the gate's re-computation of the critical metrics.
 */
final class PipelineOverheadBench implements Benchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineOverheadBench.class);
  private static final String MODEL = "bench-tiny";
  private static final double GOAL_P50_MS = 1_000;
  private static final double GOAL_P99_MS = 3_000;
  private static final int WARM_UP = 3;

  @Override
  public String name() {
    return "pipeline-overhead";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    int commits = (int) options.records(10, 50);
    Path data = Files.createTempDirectory("mlpipe-bench-overhead-");
    Path repo = data.resolve("repo");
    int ratings = tinyRepository(repo);
    try (PipelineHarness pipeline =
        PipelineHarness.start(
            data,
            Map.of("MLPIPE_APPROVAL_PRODUCTION", "manual", "MLPIPE_DEPLOYER_SERVING_PORT", "0"))) {
      List<Double> overheads = new ArrayList<>();
      List<Double> totals = new ArrayList<>();
      List<Double> computes = new ArrayList<>();
      RunningStage trainer = pipeline.startTrainer("bench");
      RunningStage gatekeeper = pipeline.startGatekeeper("bench");
      RunningStage deployer = pipeline.startDeployer("bench");
      try (PipelineRuns runs =
          new PipelineRuns(
              pipeline.bootstrap(), pipeline.registryUrl(), PipelineRuns.Target.STAGING)) {
        progress(
            "%s, %s and %s running; %d commits of a %d-rating model, one at a time, after %d"
                + " warm-up commits",
            trainer.name(), gatekeeper.name(), deployer.name(), commits, ratings, WARM_UP);
        for (int i = -WARM_UP; i < commits; i++) {
          String sha = commit(repo, i);
          long start = System.nanoTime();
          PipelineRuns.Run result = runs.publishAndAwait(repo, MODEL, sha);
          double total = (result.doneNanos() - start) / 1e6;
          double compute = result.trainingMillis() + result.evaluationMillis();
          if (i < 0) {
            continue;
          }
          totals.add(total);
          computes.add(compute);
          overheads.add(Math.max(0, total - compute));
          if ((i + 1) % 10 == 0 || i + 1 == commits) {
            progress(
                "%d/%d commits: last %.0f ms commit -> staging, %.0f ms of it training and"
                    + " evaluation",
                i + 1, commits, total, compute);
          }
        }
      }
      double p50 = Stats.percentile(overheads, 50);
      double p99 = Stats.percentile(overheads, 99);
      progress(
          "overhead p50 %.0f ms (goal <= %.0f), p99 %.0f ms (goal <= %.0f); commit -> staging p50"
              + " %.0f ms; compute p50 %.0f ms",
          p50,
          GOAL_P50_MS,
          p99,
          GOAL_P99_MS,
          Stats.percentile(totals, 50),
          Stats.percentile(computes, 50));
      List<String> notes =
          List.of(
              String.format(
                  Locale.ROOT,
                  "%d commits of a tiny model (recommender-sgd-mf rank 4, 5 epochs, %d ratings"
                      + " committed as u.data), one at a time, after %d warm-up commits; trainer,"
                      + " gatekeeper (verify: recompute) and deployer in one JVM with config dev"
                      + " (production approval manual), one in-process broker, the embedded"
                      + " registry",
                  commits,
                  ratings,
                  WARM_UP),
              "overhead = (CommitPushed sent -> ModelDeployed STAGING returned by a read_committed"
                  + " consumer) - (trainingMillis + evaluationMillis of the run's TrainingFinished)",
              String.format(
                  Locale.ROOT,
                  "absolute goals: p50 <= %.0f ms (%s), p99 <= %.0f ms (%s); commit -> staging p50"
                      + " %.0f ms, p99 %.0f ms; training + evaluation p50 %.0f ms",
                  GOAL_P50_MS,
                  p50 <= GOAL_P50_MS ? "met" : "missed",
                  GOAL_P99_MS,
                  p99 <= GOAL_P99_MS ? "met" : "missed",
                  Stats.percentile(totals, 50),
                  Stats.percentile(totals, 99),
                  Stats.percentile(computes, 50)));
      return List.of(
          new BenchResult(
              "pipeline-overhead-p50",
              "pipeline overhead p50: commit -> staging minus training and evaluation",
              p50,
              "ms",
              overheads,
              Optional.empty(),
              OptionalDouble.empty(),
              BenchResult.Direction.LOWER_IS_BETTER,
              notes,
              run),
          new BenchResult(
              "pipeline-overhead-p99",
              "pipeline overhead p99: commit -> staging minus training and evaluation",
              p99,
              "ms",
              List.of(p99),
              Optional.empty(),
              OptionalDouble.empty(),
              BenchResult.Direction.LOWER_IS_BETTER,
              notes,
              run));
    }
  }

  /** A git repository with the tiny model's spec and data; returns the number of ratings. */
  private static int tinyRepository(Path repo) throws Exception {
    Files.createDirectories(repo);
    RatingTable all = MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 7);
    RatingTable.Builder tiny = RatingTable.builder();
    for (int row = 0; row < all.size(); row++) {
      if (all.user(row) < 150 && all.item(row) < 300) {
        tiny.add(all.user(row), all.item(row), all.rating(row), all.timestamp(row));
      }
    }
    RatingTable table = tiny.build();
    RatingsWriter.write(table, RatingsFormat.MOVIELENS_100K, repo.resolve("u.data"));
    PipelineHarness.git(repo, "init", "-q", "-b", "main");
    return table.size();
  }

  /** Commits a new version of the spec (the same model, a new line) and returns its sha. */
  private static String commit(Path repo, int n) throws Exception {
    Files.writeString(
        repo.resolve("mlpipe.yaml"),
        """
        model: %s
        seed: 7
        data:
          file: {path: u.data, format: movielens-100k}
        split: {kind: random, holdout: 0.2}
        recipe: recommender-sgd-mf
        hyperParameters: {rank: 4, epochs: 5}
        gates:
          compareToChampion: false
          critical:
            rmse: {max: 10}
            precision_at_10: {min: null}
            ndcg_at_10: {min: null}
        # bench commit %d
        """
            .formatted(MODEL, n),
        StandardCharsets.UTF_8);
    return PipelineHarness.commitAll(repo, "bench commit " + n);
  }

  private static void progress(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.info(line);
    System.out.println("bench: " + line);
  }
}
