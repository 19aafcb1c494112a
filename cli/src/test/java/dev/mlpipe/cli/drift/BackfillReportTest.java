package dev.mlpipe.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.drift.backfill.ReplayedWindow;
import dev.mlpipe.drift.stats.DriftAssessment;
import dev.mlpipe.drift.stats.FeatureStatistic;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.Severity;
import dev.mlpipe.drift.window.WindowBounds;
import dev.mlpipe.schemas.DriftKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackfillReportTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void shouldReadSinceAsAnInstantADayOrATimeAgo() {
    assertThat(BackfillReport.since("2026-11-23T10:00:00Z", CLOCK))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(BackfillReport.since("2026-11-23T11:00:00+01:00", CLOCK))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(BackfillReport.since("2026-11-22", CLOCK))
        .isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(BackfillReport.since("6h", CLOCK)).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
    assertThat(BackfillReport.since("PT30M", CLOCK))
        .isEqualTo(Instant.parse("2026-11-23T11:30:00Z"));
  }

  @Test
  void shouldRefuseATimeItCannotReadNamingTheValueAndTheAcceptedForms() {
    assertThatThrownBy(() -> BackfillReport.since("yesterday", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yesterday'")
        .hasMessageContaining("2026-11-23T10:00:00Z")
        .hasMessageContaining("6h");
  }

  @Test
  void shouldRefuseATimeInTheFuture() {
    assertThatThrownBy(() -> BackfillReport.since("2026-11-24", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in the future");
  }

  @Test
  void shouldPrintAWindowsKindsAndTheDriftedStatisticsUnderIt() {
    KindAssessment data =
        new KindAssessment(
            DriftKind.DATA,
            Severity.DRIFT,
            List.of(
                new FeatureStatistic("user", "KS", 0.31, 1e-12, 0.025, true),
                new FeatureStatistic("item", "PSI", 0.01, null, 0.2, false)));
    KindAssessment prediction = new KindAssessment(DriftKind.PREDICTION, Severity.NONE, List.of());
    ReplayedWindow window =
        new ReplayedWindow(
            "v3",
            new WindowBounds(4, NOW.toEpochMilli(), NOW.toEpochMilli() + 60_000, 1_000),
            true,
            Optional.of(new DriftAssessment(1_000, List.of(data, prediction))));

    String text = BackfillReport.format("recommender", window);

    assertThat(text)
        .startsWith(
            "recommender v3 window 4  2026-11-23T12:00:00Z .. 2026-11-23T12:01:00Z  1,000"
                + " predictions  RAISED data=DRIFT prediction=NONE\n")
        .contains("user")
        .contains("KS")
        .contains("drifted")
        .doesNotContain("item");
  }

  @Test
  void shouldSayWhyAWindowWasNotJudged() {
    ReplayedWindow window =
        new ReplayedWindow("v9", new WindowBounds(0, 0, 10, 5), false, Optional.empty());

    assertThat(BackfillReport.format("recommender", window))
        .contains("(still open at the end of the log)")
        .contains("no TrainingFinished");
  }
}
