package dev.mlpipe.bench;

import java.util.OptionalLong;

/**
 * How much to measure.
 *
 * @param quick a smoke run: fewer records, for checking the harness rather than the figures
 * @param records records per measured run, overriding the benchmark's own choice
 * @param repetitions measured runs per figure; the table shows their median
 */
public record BenchOptions(boolean quick, OptionalLong records, int repetitions) {

  public BenchOptions {
    if (records.isPresent() && records.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "--records must be at least 1, was " + records.getAsLong());
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("--repetitions must be at least 1, was " + repetitions);
    }
  }

  /** Records per measured run: the override, else {@code quickCount} or {@code fullCount}. */
  public long records(long quickCount, long fullCount) {
    return records.orElse(quick ? quickCount : fullCount);
  }

  /** "quick" or "full". */
  public String mode() {
    return quick ? "quick" : "full";
  }
}
