package dev.mlpipe.cli.drift;

import dev.mlpipe.cli.Durations;
import dev.mlpipe.drift.backfill.ReplayedWindow;
import dev.mlpipe.drift.stats.FeatureStatistic;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.Severity;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The pure parts of {@code mlpipe drift backfill}: reading --since and printing windows. */
final class BackfillReport {

  private BackfillReport() {}

  /**
   * Reads --since: an instant ({@code 2026-11-23T10:00:00Z}, or with an offset), a day ({@code
   * 2026-11-23}, from midnight UTC) or a time ago ({@code 6h}, {@code 2d}, {@code PT30M}).
   *
   * @throws IllegalArgumentException naming the value and the accepted forms, or when it is in the
   *     future
   */
  static Instant since(String text, Clock clock) {
    String value = text == null ? "" : text.trim();
    Instant result = null;
    try {
      result = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      try {
        result = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeException e2) {
        try {
          result = clock.instant().minus(Durations.parse(value));
        } catch (IllegalArgumentException e3) {
          // falls through to the message with the accepted forms
        }
      }
    }
    if (result == null) {
      throw new IllegalArgumentException(
          "--since '"
              + value
              + "' is not a time; write an instant (2026-11-23T10:00:00Z), a day (2026-11-23, from"
              + " midnight UTC) or a time ago (6h, 2d, PT30M)");
    }
    if (result.isAfter(clock.instant())) {
      throw new IllegalArgumentException(
          "--since " + value + " is in the future (" + result + "); nothing was logged after it");
    }
    return result;
  }

  /** One window: a header line, then each drifted statistic of each raised kind. */
  static String format(String model, ReplayedWindow window) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s %s window %d  %s .. %s  %,d predictions%s  ",
            model,
            window.version(),
            window.bounds().index(),
            Instant.ofEpochMilli(window.bounds().start()),
            Instant.ofEpochMilli(window.bounds().end()),
            window.bounds().count(),
            window.complete() ? "" : " (still open at the end of the log)"));
    if (window.assessment().isEmpty()) {
      out.append("not judged: no TrainingFinished (training reference) for this version\n");
      return out.toString();
    }
    List<KindAssessment> kinds = window.assessment().get().kinds();
    if (kinds.isEmpty()) {
      out.append("not judged: too few predictions\n");
      return out.toString();
    }
    List<KindAssessment> raised = window.assessment().get().raised();
    out.append(raised.isEmpty() ? "no drift" : "RAISED");
    for (KindAssessment kind : kinds) {
      out.append(' ')
          .append(kind.kind().toString().toLowerCase(Locale.ROOT))
          .append('=')
          .append(kind.severity());
    }
    out.append('\n');
    for (KindAssessment kind : raised) {
      for (FeatureStatistic s : kind.statistics()) {
        if (s.drifted() || kind.severity() == Severity.WARNING) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "    %-11s %-20s %-17s %.4f%s (threshold %.4g)%s%n",
                  kind.kind().toString().toLowerCase(Locale.ROOT),
                  s.feature(),
                  s.statistic(),
                  s.value(),
                  s.pValue() == null ? "" : String.format(Locale.ROOT, " p=%.3g", s.pValue()),
                  s.threshold(),
                  s.drifted() ? " drifted" : ""));
        }
      }
    }
    return out.toString();
  }
}
