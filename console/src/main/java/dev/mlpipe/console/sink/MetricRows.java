package dev.mlpipe.console.sink;

import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Which {@code ml_metrics} rows an event makes: a TrainingFinished its holdout metrics under
 * environment {@value MetricRow#TRAINING}, a ModelDeployed the metrics it carries under its
 * environment; any other event none. Pure, so a redelivered event makes the same rows.
 */
public final class MetricRows {

  private MetricRows() {}

  /**
   * The rows of {@code event}, sorted by metric name; none for an event that carries no metrics.
   */
  public static List<MetricRow> of(SpecificRecord event) {
    if (event instanceof TrainingFinished t) {
      return rows(
          t.getModel(),
          t.getVersion(),
          t.getMeta().getRunId(),
          MetricRow.TRAINING,
          t.getMetrics(),
          t.getMeta().getOccurredAt());
    }
    if (event instanceof ModelDeployed d) {
      return rows(
          d.getModel(),
          d.getVersion(),
          d.getMeta().getRunId(),
          d.getEnvironment().name().toLowerCase(Locale.ROOT),
          d.getMetrics(),
          d.getMeta().getOccurredAt());
    }
    return List.of();
  }

  private static List<MetricRow> rows(
      String model,
      String version,
      String run,
      String environment,
      Map<String, Double> metrics,
      Instant at) {
    return new TreeMap<>(metrics)
        .entrySet().stream()
            .map(m -> new MetricRow(model, version, run, environment, m.getKey(), m.getValue(), at))
            .toList();
  }
}
