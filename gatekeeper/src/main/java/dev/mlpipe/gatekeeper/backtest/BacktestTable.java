package dev.mlpipe.gatekeeper.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The backtest as a table a person reads: one line per candidate, then a summary. */
public final class BacktestTable {

  private BacktestTable() {}

  public static List<String> lines(List<BacktestRow> rows) {
    int modelWidth = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(0));
    int versionWidth =
        Math.max(7, rows.stream().mapToInt(r -> r.version().length()).max().orElse(0));
    String format = "%-" + modelWidth + "s  %-" + versionWidth + "s  %-24s  %-6s  %-6s  %s";
    List<String> lines = new ArrayList<>();
    lines.add(String.format(format, "MODEL", "VERSION", "TRAINED", "OLD", "NEW", "FLIPPED CHECKS"));
    int toFailed = 0;
    int toPassed = 0;
    for (BacktestRow row : rows) {
      if (row.verdictFlips()) {
        if (row.newPassed()) {
          toPassed++;
        } else {
          toFailed++;
        }
      }
      lines.add(
          String.format(
              format,
              row.model(),
              row.version(),
              row.trainedAt(),
              row.oldPassed().map(p -> p ? "passed" : "failed").orElse("-"),
              row.newPassed() ? "passed" : "failed",
              row.flips().isEmpty()
                  ? "-"
                  : row.flips().stream().map(Flip::summary).collect(Collectors.joining(", "))));
      for (Flip flip : row.flips()) {
        lines.add("    " + flip.check() + ": " + flip.reason());
      }
    }
    lines.add(
        rows.size()
            + (rows.size() == 1 ? " candidate" : " candidates")
            + ": "
            + (toFailed + toPassed)
            + " verdicts flip ("
            + toFailed
            + " passed->failed, "
            + toPassed
            + " failed->passed); "
            + rows.stream().filter(r -> r.oldPassed().isEmpty()).count()
            + " without an earlier verdict");
    return lines;
  }
}
