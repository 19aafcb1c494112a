package dev.mlpipe.bench;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.Split;
import dev.mlpipe.models.data.Splits;
import dev.mlpipe.models.eval.RecommenderEvaluator;
import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.trainer.recipe.Dl4jMatrixFactorization;
import dev.mlpipe.trainer.recipe.Dl4jMfConfig;
import dev.mlpipe.trainer.recipe.EpochProgress;
import dev.mlpipe.trainer.recipe.SgdMatrixFactorization;
import dev.mlpipe.trainer.recipe.SgdMfConfig;
import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;

/**
 * The Deeplearning4j {@code recommender-mf} recipe against the plain-Java SGD matrix factorisation
 * of the same rank, on the same generated split (MovieLens-100K and -1M shapes, holdout 20 %), both
 * with their spec defaults: holdout RMSE, seconds per epoch and peak memory (heap used plus
 * JavaCPP's off-heap bytes, sampled every 20 ms while training). {@code --quick} runs the 100K
 * shape only.
 */
public final class MatrixFactorizationBench implements Benchmark {

  private static final double MIB = 1024.0 * 1024.0;

  @Override
  public String name() {
    return "matrix-factorization";
  }

  @Override
  public List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception {
    List<BenchResult> rows = new ArrayList<>();
    rows.addAll(measure(GeneratedShape.MOVIELENS_100K, 1.0, run));
    if (!options.quick()) {
      rows.addAll(measure(GeneratedShape.MOVIELENS_1M, 10.0, run));
    }
    return rows;
  }

  private static List<BenchResult> measure(GeneratedShape shape, double epochGoal, RunInfo run)
      throws Exception {
    Split split = Splits.random(MovieLensGenerator.generate(shape, 1), 0.2, 42);
    Dl4jMfConfig dl4j = Dl4jMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_MF), 42);
    SgdMfConfig sgd = SgdMfConfig.from(HyperParameters.defaults(Recipe.RECOMMENDER_SGD_MF), 42);
    if (sgd.rank() != dl4j.rank()) {
      throw new IllegalStateException("the two recipes' default ranks differ");
    }

    Trained baseline =
        Trained.measure(listener -> new SgdMatrixFactorization(sgd).train(split.train(), listener));
    Trained candidate =
        Trained.measure(
            listener -> new Dl4jMatrixFactorization(dl4j).train(split.train(), listener));
    double baseRmse =
        RecommenderEvaluator.evaluate(baseline.model, split.train(), split.holdout()).rmse();
    double rmse =
        RecommenderEvaluator.evaluate(candidate.model, split.train(), split.holdout()).rmse();

    String id = shape.id();
    List<String> common =
        List.of(
            String.format(
                Locale.ROOT,
                "%s shape, seed 1, random 80/20 split (seed 42): %,d training and %,d holdout"
                    + " ratings; rank %d for both; DL4J %d epochs, batch %d, Adam lr %s, per-rating"
                    + " L2 %s; SGD %d epochs, lr %s, L2 %s",
                id,
                split.train().size(),
                split.holdout().size(),
                dl4j.rank(),
                dl4j.epochs(),
                dl4j.batchFor(split.train().size()),
                dl4j.learningRate(),
                dl4j.regularization(),
                sgd.epochs(),
                sgd.learningRate(),
                sgd.regularization()));
    List<BenchResult> rows = new ArrayList<>();
    rows.add(
        row(
            "mf-rmse-" + id,
            "DL4J recommender-mf holdout RMSE, " + id,
            "RMSE",
            List.of(rmse),
            BenchResult.Baseline.of("plain-Java SGD MF", List.of(baseRmse)),
            OptionalDouble.of((baseRmse + 0.02) / baseRmse),
            common,
            String.format(
                Locale.ROOT,
                "goal: within 0.02 of the baseline (%.4f vs %.4f, difference %+.4f)",
                rmse,
                baseRmse,
                rmse - baseRmse),
            run));
    rows.add(
        row(
            "mf-epoch-seconds-" + id,
            "DL4J recommender-mf seconds per epoch, " + id,
            "s/epoch",
            candidate.epochSeconds,
            BenchResult.Baseline.of("plain-Java SGD MF", baseline.epochSeconds),
            OptionalDouble.empty(),
            common,
            String.format(
                Locale.ROOT,
                "absolute goal <= %.0f s per epoch: %s (median %.3f s; whole training %.1f s vs"
                    + " %.1f s)",
                epochGoal,
                Stats.median(candidate.epochSeconds) <= epochGoal ? "met" : "NOT met",
                Stats.median(candidate.epochSeconds),
                candidate.totalSeconds,
                baseline.totalSeconds),
            run));
    rows.add(
        row(
            "mf-peak-memory-" + id,
            "DL4J recommender-mf peak heap + off-heap while training, " + id,
            "MiB",
            List.of(candidate.peakBytes / MIB),
            BenchResult.Baseline.of("plain-Java SGD MF", List.of(baseline.peakBytes / MIB)),
            OptionalDouble.empty(),
            common,
            String.format(
                Locale.ROOT,
                "absolute goal <= 2048 MiB: %s; heap used + JavaCPP off-heap bytes sampled every"
                    + " 20 ms, process RSS peak %.0f MiB (includes the generated data and the"
                    + " baseline's garbage)",
                candidate.peakBytes / MIB <= 2048 ? "met" : "NOT met",
                candidate.peakPhysical / MIB),
            run));
    return rows;
  }

  private static BenchResult row(
      String id,
      String figure,
      String unit,
      List<Double> samples,
      BenchResult.Baseline baseline,
      OptionalDouble goal,
      List<String> common,
      String note,
      RunInfo run) {
    List<String> notes = new ArrayList<>();
    notes.add(note);
    notes.addAll(common);
    return new BenchResult(
        id,
        figure,
        Stats.median(samples),
        unit,
        samples,
        Optional.of(baseline),
        goal,
        BenchResult.Direction.LOWER_IS_BETTER,
        notes,
        run);
  }

  /** One recipe's trained model with its epoch times and peak memory. */
  private static final class Trained {
    FactorModel model;
    final List<Double> epochSeconds = new ArrayList<>();
    double totalSeconds;
    long peakBytes;
    long peakPhysical;

    @FunctionalInterface
    interface Training {
      FactorModel train(EpochProgress.Listener listener) throws Exception;
    }

    static Trained measure(Training training) throws Exception {
      System.gc();
      Trained trained = new Trained();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      AtomicLong peak = new AtomicLong();
      AtomicLong physical = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  long used = memory.getHeapMemoryUsage().getUsed() + Pointer.totalBytes();
                  peak.accumulateAndGet(used, Math::max);
                  physical.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "memory-sampler");
      sampler.setDaemon(true);
      sampler.start();
      long started = System.nanoTime();
      try {
        trained.model =
            training.train(p -> trained.epochSeconds.add(p.epochDuration().toNanos() / 1e9));
      } finally {
        sampler.interrupt();
        sampler.join();
      }
      trained.totalSeconds = (System.nanoTime() - started) / 1e9;
      trained.peakBytes = peak.get();
      trained.peakPhysical = physical.get();
      return trained;
    }
  }
}
