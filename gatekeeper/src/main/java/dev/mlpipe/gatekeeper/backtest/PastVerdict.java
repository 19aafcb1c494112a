package dev.mlpipe.gatekeeper.backtest;

import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.util.Map;
import java.util.Objects;

/**
 * A verdict the gate published: passed or not, the metrics it judged (re-computed and derived ones
 * included) and its report.
 */
public record PastVerdict(boolean passed, Map<String, Double> metrics, ValidationReport report) {

  public PastVerdict {
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
    Objects.requireNonNull(report, "report");
  }

  public static PastVerdict of(ValidationPassed event) {
    return new PastVerdict(true, event.getMetrics(), event.getReport());
  }

  public static PastVerdict of(ValidationFailed event) {
    return new PastVerdict(false, event.getMetrics(), event.getReport());
  }
}
