package dev.mlpipe.drift.stats;

import dev.mlpipe.schemas.DriftKind;
import java.util.List;
import java.util.Objects;

/**
 * The verdict of one kind of drift in one window, with the statistics it rests on.
 *
 * @param kind data, prediction or quality drift
 * @param severity the verdict
 * @param statistics every statistic computed for this kind, drifted or not
 */
public record KindAssessment(DriftKind kind, Severity severity, List<FeatureStatistic> statistics) {

  public KindAssessment {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    statistics = List.copyOf(statistics);
  }
}
