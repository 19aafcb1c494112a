package dev.mlpipe.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the results table: a figure measured for mlpipe, the baseline measured in the same
 * run, and the goal for their ratio.
 *
 * @param id stable key of the row; a later run replaces the row with the same id
 * @param figure what was measured, readable (e.g. "mlpipe publish (PredictionLogged, 231 B)")
 * @param value the median of {@code samples}
 * @param unit unit of value and baseline, e.g. "records/s"
 * @param samples every measured value, in run order
 * @param baseline the same-run baseline, if the figure has one
 * @param goal the ratio value / baseline to reach, if there is one
 * @param direction whether higher values are better (throughput) or lower (latency)
 * @param notes how it was measured: settings, sizes, anything a reader needs to trust the figure
 * @param run the machine and time of the run that measured it
 */
public record BenchResult(
    String id,
    String figure,
    double value,
    String unit,
    List<Double> samples,
    Optional<Baseline> baseline,
    OptionalDouble goal,
    Direction direction,
    List<String> notes,
    RunInfo run) {

  public BenchResult {
    requireText(id, "id");
    requireText(figure, "figure");
    requireText(unit, "unit");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(run, "run");
    samples = List.copyOf(samples);
    notes = List.copyOf(notes);
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          "benchmark " + id + ": value must be finite and >= 0, was " + value);
    }
    if (goal.isPresent() && baseline.isEmpty()) {
      throw new IllegalArgumentException(
          "benchmark " + id + ": a goal is a ratio to a baseline; give the baseline too");
    }
  }

  /** A figure compared with a baseline of the same run, with a goal for value / baseline. */
  public static BenchResult compared(
      String id,
      String figure,
      String unit,
      List<Double> samples,
      Baseline baseline,
      double goal,
      Direction direction,
      List<String> notes,
      RunInfo run) {
    return new BenchResult(
        id,
        figure,
        Stats.median(samples),
        unit,
        samples,
        Optional.of(baseline),
        OptionalDouble.of(goal),
        direction,
        notes,
        run);
  }

  /**
   * The ratio to the baseline, when there is one. When figure and baseline were sampled in pairs
   * (same number of samples, the i-th of each measured in the same round), it is the median of the
   * per-round ratios, which cancels load that drifts between rounds; otherwise value / baseline.
   */
  public OptionalDouble ratio() {
    if (baseline.isEmpty() || baseline.get().value() <= 0) {
      return OptionalDouble.empty();
    }
    List<Double> base = baseline.get().samples();
    if (!samples.isEmpty() && base.size() == samples.size() && base.stream().allMatch(b -> b > 0)) {
      List<Double> ratios = new java.util.ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        ratios.add(samples.get(i) / base.get(i));
      }
      return OptionalDouble.of(Stats.median(ratios));
    }
    return OptionalDouble.of(value / baseline.get().value());
  }

  /** Whether the goal is met; empty when there is no goal. */
  public Optional<Boolean> met() {
    OptionalDouble ratio = ratio();
    if (goal.isEmpty() || ratio.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        direction == Direction.HIGHER_IS_BETTER
            ? ratio.getAsDouble() >= goal.getAsDouble()
            : ratio.getAsDouble() <= goal.getAsDouble());
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException("benchmark result: " + name + " must not be blank");
    }
  }

  /**
   * The baseline a figure is compared with, measured in the same run.
   *
   * @param name what the baseline is, e.g. "ProducerPerformance"
   * @param value the median of samples, in the figure's unit
   * @param samples every measured value, in run order
   */
  public record Baseline(String name, double value, List<Double> samples) {
    public Baseline {
      requireText(name, "baseline name");
      samples = List.copyOf(samples);
      if (!Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException(
            "baseline " + name + ": value must be finite and >= 0, was " + value);
      }
    }

    /** A baseline whose value is the median of its samples. */
    public static Baseline of(String name, List<Double> samples) {
      return new Baseline(name, Stats.median(samples), samples);
    }
  }

  /** Whether a larger value is better (throughput) or a smaller one (latency, size). */
  public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER
  }
}
