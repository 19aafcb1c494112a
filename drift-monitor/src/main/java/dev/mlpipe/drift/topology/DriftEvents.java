package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.stats.FeatureStatistic;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.Severity;
import dev.mlpipe.drift.window.WindowBounds;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import java.time.Instant;

/** Builds the DriftDetected event of one raised kind of one window. */
final class DriftEvents {

  private DriftEvents() {}

  static DriftDetected of(EventMeta meta, OpenWindow window, KindAssessment kind) {
    return of(
        meta,
        window.model(),
        window.version(),
        window.bounds(),
        window.profile().sampleSize(),
        kind);
  }

  static DriftDetected of(
      EventMeta meta,
      String model,
      String version,
      WindowBounds bounds,
      long sampleSize,
      KindAssessment kind) {
    if (kind.severity() == Severity.NONE) {
      throw new IllegalArgumentException("kind " + kind.kind() + " was not raised");
    }
    return DriftDetected.newBuilder()
        .setMeta(meta)
        .setModel(model)
        .setVersion(version)
        .setKind(kind.kind())
        .setSeverity(
            kind.severity() == Severity.DRIFT ? DriftSeverity.DRIFT : DriftSeverity.WARNING)
        .setWindowStart(Instant.ofEpochMilli(bounds.start()))
        .setWindowEnd(Instant.ofEpochMilli(bounds.end()))
        .setSampleSize(sampleSize)
        .setFeatures(kind.statistics().stream().map(DriftEvents::feature).toList())
        .build();
  }

  private static FeatureDrift feature(FeatureStatistic s) {
    return FeatureDrift.newBuilder()
        .setFeature(s.feature())
        .setStatistic(s.statistic())
        .setValue(s.value())
        .setPValue(s.pValue())
        .setThreshold(s.threshold())
        .setDrifted(s.drifted())
        .build();
  }
}
