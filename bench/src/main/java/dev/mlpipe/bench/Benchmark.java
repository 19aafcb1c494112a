package dev.mlpipe.bench;

import java.util.List;

/**
 * A benchmark: measures one or more mlpipe figures together with their baselines in the same run
 * and returns one {@link BenchResult} per figure. Add a new one to {@link BenchMain#BENCHMARKS}.
 */
public interface Benchmark {

  /** A short name for progress output and {@code --only}. */
  String name();

  /**
   * Runs the benchmark: starts what it needs, measures, stops what it started.
   *
   * @throws Exception when a measurement cannot be made; the run fails with it
   */
  List<BenchResult> run(BenchOptions options, RunInfo run) throws Exception;
}
