package dev.mlpipe.cli.train;

import dev.mlpipe.trainer.run.CandidateReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The holdout metrics of a run's candidates as a text table: one row per metric. */
final class MetricsTable {

  private MetricsTable() {}

  static String render(List<CandidateReport> candidates) {
    Set<String> metrics = new LinkedHashSet<>();
    candidates.forEach(c -> metrics.addAll(c.metrics().keySet()));
    List<String> header = new ArrayList<>();
    header.add("metric");
    candidates.forEach(c -> header.add(c.chosen() ? c.name() + " *" : c.name()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (String metric : metrics) {
      List<String> row = new ArrayList<>();
      row.add(metric);
      for (CandidateReport c : candidates) {
        Double value = c.metrics().get(metric);
        row.add(value == null ? "-" : String.format(Locale.ROOT, "%.4f", value));
      }
      rows.add(row);
    }
    List<String> time = new ArrayList<>();
    time.add("training_seconds");
    candidates.forEach(
        c -> time.add(String.format(Locale.ROOT, "%.2f", c.trainingMillis() / 1000.0)));
    rows.add(time);
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int k = 0; k < row.size(); k++) {
        widths[k] = Math.max(widths[k], row.get(k).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      for (int k = 0; k < row.size(); k++) {
        String cell = row.get(k);
        out.append(
            k == 0
                ? String.format("%-" + widths[k] + "s", cell)
                : String.format("  %" + widths[k] + "s", cell));
      }
      out.append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : widths) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }
}
