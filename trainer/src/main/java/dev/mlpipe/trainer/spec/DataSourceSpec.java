package dev.mlpipe.trainer.spec;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.RatingsFormat;
import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.List;
import java.util.Objects;

/**
 * Where a spec's training data comes from: the seeded generator or a file in a known format; rating
 * data for recommenders, tabular rows for classifiers and regressors.
 */
public sealed interface DataSourceSpec {

  /** Whether the data is tabular rows (for classifiers and regressors) rather than ratings. */
  default boolean isTabular() {
    return this instanceof GeneratedTable || this instanceof CsvFile;
  }

  /** Data made by the seeded generator in the given shape; the same seed gives the same rows. */
  record Generated(GeneratedShape shape, long seed) implements DataSourceSpec {
    public Generated {
      Objects.requireNonNull(shape, "shape");
    }
  }

  /**
   * A ratings file. {@code path} is relative to the model repository's root unless absolute; {@code
   * maxBadRowShare} is the share of unparseable rows above which loading fails.
   */
  record File(String path, RatingsFormat format, double maxBadRowShare) implements DataSourceSpec {
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      if (path.isBlank()) {
        throw new IllegalArgumentException("data.file.path: must not be blank");
      }
      if (!(maxBadRowShare >= 0.0 && maxBadRowShare <= 1.0)) {
        throw new IllegalArgumentException(
            "data.file.maxBadRowShare: " + maxBadRowShare + " is not in [0, 1]");
      }
    }
  }

  /**
   * Tabular rows made by the seeded generator in the given shape ({@code rows} of them); the same
   * seed gives the same rows.
   */
  record GeneratedTable(TabularShape shape, long seed, int rows) implements DataSourceSpec {
    public GeneratedTable {
      Objects.requireNonNull(shape, "shape");
      if (rows < 10) {
        throw new IllegalArgumentException("data.generate.rows: " + rows + " is fewer than 10");
      }
    }
  }

  /**
   * A CSV file with a header and the declared columns: the features in order and the target, and
   * what an empty numeric feature means ({@code missing}). The task (binary classification or
   * regression) is the candidates' kind.
   */
  record CsvFile(
      String path,
      List<Column> columns,
      String target,
      double maxBadRowShare,
      MissingValues missing)
      implements DataSourceSpec {

    /** A file whose numeric features may not be missing. */
    public CsvFile(String path, List<Column> columns, String target, double maxBadRowShare) {
      this(path, columns, target, maxBadRowShare, MissingValues.NONE);
    }

    public CsvFile {
      Objects.requireNonNull(missing, "missing");
      Objects.requireNonNull(path, "path");
      columns = List.copyOf(columns);
      Objects.requireNonNull(target, "target");
      if (path.isBlank()) {
        throw new IllegalArgumentException("data.file.path: must not be blank");
      }
      if (!(maxBadRowShare >= 0.0 && maxBadRowShare <= 1.0)) {
        throw new IllegalArgumentException(
            "data.file.maxBadRowShare: " + maxBadRowShare + " is not in [0, 1]");
      }
      new TabularSchema(columns, target, TabularTask.REGRESSION); // validates columns and target
      for (String feature : missing.rules().keySet()) {
        if (columns.stream()
            .noneMatch(c -> c.name().equals(feature) && c.type() == ColumnType.NUMERIC)) {
          throw new IllegalArgumentException(
              "data.file.schema.columns."
                  + feature
                  + ".missing: only numeric feature columns declare missing values");
        }
      }
    }

    /** The file's schema for a task. */
    public TabularSchema schema(TabularTask task) {
      return new TabularSchema(columns, target, task);
    }
  }
}
