package dev.mlpipe.cli.drift;

import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeatureDrift;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The latest window of a model's DriftDetected events as a table: one row per feature and statistic
 * of each kind raised in that window. Pure: events in, text out.
 */
final class DriftReport {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private DriftReport() {}

  /**
   * The events of {@code model}'s latest window (largest window end, then version), in kind order.
   */
  static List<DriftDetected> latestWindow(List<DriftDetected> events, String model) {
    Optional<DriftDetected> latest =
        events.stream()
            .filter(e -> e.getModel().equals(model))
            .max(
                Comparator.comparing(DriftDetected::getWindowEnd)
                    .thenComparing(e -> e.getMeta().getOccurredAt()));
    if (latest.isEmpty()) {
      return List.of();
    }
    DriftDetected last = latest.get();
    List<DriftDetected> window = new ArrayList<>();
    for (DriftDetected e : events) {
      if (e.getModel().equals(model)
          && e.getVersion().equals(last.getVersion())
          && e.getWindowStart().equals(last.getWindowStart())
          && e.getWindowEnd().equals(last.getWindowEnd())) {
        window.add(e);
      }
    }
    window.sort(Comparator.comparing(DriftDetected::getKind));
    return window;
  }

  /** The table for one window's events. */
  static String format(List<DriftDetected> window, ZoneId zone) {
    if (window.isEmpty()) {
      return "";
    }
    DriftDetected first = window.get(0);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "model %s version %s, window %s .. %s, %d predictions%n",
            first.getModel(),
            first.getVersion(),
            time(first.getWindowStart(), zone),
            time(first.getWindowEnd(), zone),
            first.getSampleSize()));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "KIND", "SEVERITY", "FEATURE", "STATISTIC", "VALUE", "P-VALUE", "THRESHOLD", "DRIFTED"
        });
    for (DriftDetected e : window) {
      for (FeatureDrift f : e.getFeatures()) {
        rows.add(
            new String[] {
              e.getKind().name(),
              e.getSeverity().name(),
              f.getFeature(),
              f.getStatistic(),
              number(f.getValue()),
              f.getPValue() == null ? "-" : number(f.getPValue()),
              number(f.getThreshold()),
              f.getDrifted() ? "yes" : "no"
            });
      }
      if (e.getFeatures().isEmpty()) {
        rows.add(
            new String[] {
              e.getKind().name(), e.getSeverity().name(), "-", "-", "-", "-", "-", "-"
            });
      }
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row[c]));
        if (c < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String number(double value) {
    if (value != 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String time(Instant instant, ZoneId zone) {
    return TIME.format(instant.atZone(zone));
  }
}
