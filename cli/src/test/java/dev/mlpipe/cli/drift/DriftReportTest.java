package dev.mlpipe.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.FeatureDrift;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void shouldKeepEveryKindOfTheModelsLatestWindowAndNothingOlderOrOfOtherModels() {
    DriftDetected old = event("m", "v1", DriftKind.DATA, 0);
    DriftDetected latestData = event("m", "v1", DriftKind.DATA, 1);
    DriftDetected latestQuality = event("m", "v1", DriftKind.QUALITY, 1);
    DriftDetected other = event("other", "v9", DriftKind.DATA, 5);

    List<DriftDetected> window =
        DriftReport.latestWindow(List.of(latestQuality, old, other, latestData), "m");

    assertThat(window).containsExactly(latestData, latestQuality);
    assertThat(DriftReport.latestWindow(List.of(other), "m")).isEmpty();
  }

  @Test
  void shouldPrintOneRowPerFeatureStatisticWithItsValueThresholdAndVerdict() {
    String table = DriftReport.format(List.of(event("m", "v1", DriftKind.DATA, 1)), ZoneOffset.UTC);

    assertThat(table)
        .contains("model m version v1, window 2026-01-01 10:01:00 .. 2026-01-01 10:02:00, 300")
        .contains("KIND  SEVERITY  FEATURE  STATISTIC  VALUE    P-VALUE   THRESHOLD  DRIFTED")
        .contains("DATA  DRIFT     user     PSI        1.2346   -         0.2000     yes")
        .contains("DATA  DRIFT     user     CHI2       80.0000  1.00e-09  0.0500     yes");
  }

  private static DriftDetected event(String model, String version, DriftKind kind, int window) {
    return DriftDetected.newBuilder(SampleEvents.driftDetected())
        .setModel(model)
        .setVersion(version)
        .setKind(kind)
        .setSeverity(DriftSeverity.DRIFT)
        .setWindowStart(T0.plusSeconds(60L * window))
        .setWindowEnd(T0.plusSeconds(60L * window + 60))
        .setSampleSize(300)
        .setFeatures(
            List.of(
                new FeatureDrift("user", "PSI", 1.23456, null, 0.2, true),
                new FeatureDrift("user", "CHI2", 80.0, 1e-9, 0.05, true)))
        .build();
  }
}
