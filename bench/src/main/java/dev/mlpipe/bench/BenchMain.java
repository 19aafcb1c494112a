package dev.mlpipe.bench;

import dev.mlpipe.deployer.serving.ServingServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks and merges their rows into {@code bench/results/latest.md} and {@code
 * latest.json}; started by {@code bench/run}.
 *
 * <pre>
 * BenchMain [--quick] [--records N] [--repetitions N] [--only NAME] [--results DIR]
 * </pre>
 */
public final class BenchMain {

  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  /** Every benchmark, in the order of the results table. Later issues add theirs here. */
  static final List<Benchmark> BENCHMARKS =
      List.of(
          new PublishConsumeBench(),
          new GateBench(),
          new WebhookBench(),
          new ServingBench(),
          new MatrixFactorizationBench(),
          new DriftBench(),
          new DriftStatisticsBench(),
          new PipelineOverheadBench(),
          new StageHopBench(),
          new CommitToProductionBench(),
          new CommitThroughputBench());

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // The perf tools print numbers with the default locale; parse them the same way everywhere.
    Locale.setDefault(Locale.ROOT);
    // Before any JDK HTTP server starts (the embedded registry comes first): answers without
    // Nagle's 40 ms, as `mlpipe` itself does; see ServingServer.NO_DELAY_PROPERTY.
    System.setProperty(ServingServer.NO_DELAY_PROPERTY, "true");
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(
          "usage: BenchMain [--quick] [--records N] [--repetitions N] [--only NAME]"
              + " [--results DIR]");
      System.exit(2);
      return;
    }
    RunInfo run = RunInfo.current(arguments.options().mode());
    System.out.println("bench: " + run.describe());
    List<BenchResult> rows = new ArrayList<>();
    for (Benchmark benchmark : BENCHMARKS) {
      if (arguments.only() != null && !arguments.only().equals(benchmark.name())) {
        continue;
      }
      System.out.println("bench: running " + benchmark.name());
      long start = System.nanoTime();
      rows.addAll(benchmark.run(arguments.options(), run));
      LOG.info("{} took {} s", benchmark.name(), (System.nanoTime() - start) / 1_000_000_000);
    }
    if (rows.isEmpty()) {
      System.err.println(
          "bench: no benchmark named '"
              + arguments.only()
              + "'; known: "
              + BENCHMARKS.stream().map(Benchmark::name).toList());
      System.exit(2);
      return;
    }
    ResultsFile results = new ResultsFile(arguments.resultsDir());
    String markdown = results.merge(run, rows);
    System.out.println();
    System.out.println(markdown);
    System.out.println("bench: wrote " + results.markdownFile() + " and " + results.jsonFile());
    // Kafka clients and the broker leave non-daemon threads behind on some paths; the work is done.
    System.exit(0);
  }

  /** Parsed command line. */
  record Arguments(BenchOptions options, String only, Path resultsDir) {

    static Arguments parse(String[] args) {
      boolean quick = false;
      OptionalLong records = OptionalLong.empty();
      Integer repetitions = null;
      String only = null;
      Path resultsDir = Path.of("bench", "results");
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--quick" -> quick = true;
          case "--records" -> records = OptionalLong.of(number(arg, value(args, ++i, arg)));
          case "--repetitions" -> repetitions = (int) number(arg, value(args, ++i, arg));
          case "--only" -> only = value(args, ++i, arg);
          case "--results" -> resultsDir = Path.of(value(args, ++i, arg));
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      int reps = repetitions != null ? repetitions : quick ? 3 : 5;
      return new Arguments(new BenchOptions(quick, records, reps), only, resultsDir);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static long number(String option, String value) {
      try {
        return Long.parseLong(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " needs a whole number, got '" + value + "'", e);
      }
    }
  }
}
