package dev.mlpipe.console.sink;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code ml_metrics}: what a version of a model measured, in which run and where.
 *
 * @param model the model name
 * @param version the model version
 * @param run the run id of the event the value comes from
 * @param environment {@value #TRAINING} for the holdout metrics of training, else the environment
 *     the version was deployed to ({@code staging}, {@code production})
 * @param metric the metric's name, e.g. {@code rmse}
 * @param value its value (NaN and infinities are kept: PostgreSQL's double precision holds them)
 * @param recordedAt when the event that carried it happened
 */
public record MetricRow(
    String model,
    String version,
    String run,
    String environment,
    String metric,
    double value,
    Instant recordedAt) {

  /** The environment of the metrics a training measured on its holdout. */
  public static final String TRAINING = "training";

  public MetricRow {
    requireText("model", model);
    requireText("version", version);
    requireText("run", run);
    requireText("environment", environment);
    requireText("metric", metric);
    Objects.requireNonNull(recordedAt, "recordedAt");
  }

  private static void requireText(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("ml_metrics row: " + what + " must not be blank");
    }
  }
}
