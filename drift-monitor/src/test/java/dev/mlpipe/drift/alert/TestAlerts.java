package dev.mlpipe.drift.alert;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.TrainingFailed;
import java.util.List;

/** Alerts for the sinks' tests, each with the eventId it is told. */
final class TestAlerts {

  private TestAlerts() {}

  static EventMeta meta(String eventId) {
    return EventMeta.newBuilder(SampleEvents.meta()).setEventId(eventId).build();
  }

  static DriftDetected drift(String eventId, DriftKind kind) {
    return DriftDetected.newBuilder(SampleEvents.driftDetected())
        .setMeta(meta(eventId))
        .setVersion("v3")
        .setKind(kind)
        .setSeverity(DriftSeverity.DRIFT)
        .setFeatures(
            List.of(
                feature("user", "KS", 0.31, 0.025, true),
                feature("item", "PSI", 0.01, 0.2, false),
                feature("hour", "PSI", 1.2, 0.2, true),
                feature("genre", "CHI2", 0.3, 0.2, true),
                feature("device", "PSI", 0.25, 0.2, true)))
        .build();
  }

  static Alert driftAlert(String eventId, DriftKind kind) {
    return Alert.of(drift(eventId, kind));
  }

  static Alert trainingFailed(String eventId) {
    return Alert.of(
        TrainingFailed.newBuilder(SampleEvents.trainingFailed()).setMeta(meta(eventId)).build());
  }

  private static FeatureDrift feature(
      String name, String statistic, double value, double threshold, boolean drifted) {
    return FeatureDrift.newBuilder()
        .setFeature(name)
        .setStatistic(statistic)
        .setValue(value)
        .setPValue(null)
        .setThreshold(threshold)
        .setDrifted(drifted)
        .build();
  }
}
