package dev.mlpipe.models.tabular;

import dev.mlpipe.models.data.BadLine;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of loading a CSV file: the rows that parsed, how many did not, the first of those (at
 * most {@link TabularCsv#MAX_REPORTED_BAD_LINES}) for the report, and how many rows were left out
 * because a feature declared {@code missing: drop-row} was empty.
 */
public record LoadedTable(
    TabularTable table, long badRows, List<BadLine> firstBadLines, long droppedRows) {

  public LoadedTable(TabularTable table, long badRows, List<BadLine> firstBadLines) {
    this(table, badRows, firstBadLines, 0);
  }

  public LoadedTable {
    if (droppedRows < 0) {
      throw new IllegalArgumentException("droppedRows " + droppedRows + " is negative");
    }
    Objects.requireNonNull(table, "table");
    firstBadLines = List.copyOf(firstBadLines);
    if (badRows < firstBadLines.size()) {
      throw new IllegalArgumentException(
          "badRows " + badRows + " is less than the " + firstBadLines.size() + " bad lines given");
    }
  }

  /** Rows read: good, bad and dropped. */
  public long totalRows() {
    return table.size() + badRows + droppedRows;
  }
}
