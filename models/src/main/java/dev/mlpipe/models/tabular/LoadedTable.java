package dev.mlpipe.models.tabular;

import dev.mlpipe.models.data.BadLine;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of loading a CSV file: the rows that parsed, how many did not, and the first of those
 * (at most {@link TabularCsv#MAX_REPORTED_BAD_LINES}) for the report.
 */
public record LoadedTable(TabularTable table, long badRows, List<BadLine> firstBadLines) {
  public LoadedTable {
    Objects.requireNonNull(table, "table");
    firstBadLines = List.copyOf(firstBadLines);
    if (badRows < firstBadLines.size()) {
      throw new IllegalArgumentException(
          "badRows " + badRows + " is less than the " + firstBadLines.size() + " bad lines given");
    }
  }

  /** Rows read, good and bad. */
  public long totalRows() {
    return table.size() + badRows;
  }
}
