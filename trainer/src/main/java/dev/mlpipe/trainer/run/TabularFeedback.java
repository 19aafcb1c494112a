package dev.mlpipe.trainer.run;

import dev.mlpipe.models.tabular.Column;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.MissingPolicy;
import dev.mlpipe.models.tabular.MissingValues;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.List;
import java.util.Objects;

/**
 * Turns a tabular retrain's live feedback into rows of the spec's schema, to be added to the
 * training rows after the split (never to the holdout). An example is left out, and counted, when a
 * feature the schema needs is absent (unless the spec declares it may be missing, then it is filled
 * as the data's are), has the wrong type, or the outcome is not a label (classifiers: 0 or 1) or
 * not finite (regressors). Pure.
 */
final class TabularFeedback {

  /**
   * The rows and what could not be used.
   *
   * @param rows the usable examples as rows of the schema (missing numbers NaN, to be filled)
   * @param unusable examples left out
   * @param firstProblem why the first unusable example was left out, or null
   */
  record Rows(TabularTable rows, int unusable, String firstProblem) {}

  private TabularFeedback() {}

  static Rows rows(TabularSchema schema, MissingValues missing, List<FeedbackExample> examples) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(missing, "missing");
    TabularTable.Builder rows = TabularTable.builder(schema);
    int f = schema.featureCount();
    double[] numbers = new double[f];
    String[] categories = new String[f];
    int unusable = 0;
    String firstProblem = null;
    for (FeedbackExample example : examples) {
      String problem = fill(schema, missing, example, numbers, categories);
      double target = target(schema.task(), example.actual());
      if (problem == null && Double.isNaN(target)) {
        problem =
            "the outcome "
                + example.actual()
                + (schema.task() == TabularTask.BINARY_CLASSIFICATION
                    ? " is not a label 0 or 1"
                    : " is not finite");
      }
      if (problem != null) {
        unusable++;
        if (firstProblem == null) {
          firstProblem = problem;
        }
        continue;
      }
      rows.add(numbers, categories, target);
    }
    return new Rows(rows.build(), unusable, firstProblem);
  }

  /** The data's rows followed by the feedback's; the data itself when there is none. */
  static TabularTable appended(TabularTable data, TabularTable feedback) {
    if (feedback.size() == 0) {
      return data;
    }
    TabularSchema schema = data.schema();
    TabularTable.Builder rows = TabularTable.builder(schema);
    int f = schema.featureCount();
    double[] numbers = new double[f];
    String[] categories = new String[f];
    for (TabularTable table : new TabularTable[] {data, feedback}) {
      for (int row = 0; row < table.size(); row++) {
        for (int c = 0; c < f; c++) {
          if (schema.features().get(c).type() == ColumnType.NUMERIC) {
            numbers[c] = table.numeric(c, row);
          } else {
            categories[c] = table.category(c, row);
          }
        }
        rows.add(numbers, categories, table.target(row));
      }
    }
    return rows.build();
  }

  /** Fills one example's values in; returns the problem, or null. */
  private static String fill(
      TabularSchema schema,
      MissingValues missing,
      FeedbackExample example,
      double[] numbers,
      String[] categories) {
    for (int c = 0; c < schema.featureCount(); c++) {
      Column column = schema.features().get(c);
      Object value = example.features().get(column.name());
      if (column.type() == ColumnType.NUMERIC) {
        if (value == null) {
          MissingValues.Rule rule = missing.ruleOf(column.name());
          if (rule == null || rule.policy() == MissingPolicy.DROP_ROW) {
            return column.name() + " is missing";
          }
          numbers[c] = Double.NaN;
        } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
          numbers[c] = n.doubleValue();
        } else {
          return column.name() + " is not a finite number: " + value;
        }
      } else {
        String category = categoryOf(value);
        if (category == null) {
          return column.name() + " is missing or not a category: " + value;
        }
        categories[c] = category;
      }
    }
    return null;
  }

  /** A category as serving takes it: a text, or a whole number as its decimal text. */
  private static String categoryOf(Object value) {
    if (value instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
    }
    return null;
  }

  private static double target(TabularTask task, double actual) {
    if (task == TabularTask.BINARY_CLASSIFICATION) {
      return actual == 0.0 || actual == 1.0 ? actual : Double.NaN;
    }
    return Double.isFinite(actual) ? actual : Double.NaN;
  }
}
