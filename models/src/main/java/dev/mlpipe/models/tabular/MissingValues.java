package dev.mlpipe.models.tabular;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The declared handling of missing values, per numeric feature: features without a rule refuse them
 * (their rows are bad rows). Fill values are fitted on training rows only ({@link #fit}), so the
 * holdout is imputed as serving will impute a request, with what the model learnt.
 *
 * @param rules per feature name, its rule
 */
public record MissingValues(Map<String, Rule> rules) {

  /** No feature may be missing. */
  public static final MissingValues NONE = new MissingValues(Map.of());

  /**
   * One feature's rule.
   *
   * @param policy what to do
   * @param value the fill value of {@link MissingPolicy#CONSTANT}; NaN for the others
   */
  public record Rule(MissingPolicy policy, double value) {
    public Rule {
      Objects.requireNonNull(policy, "policy");
      if (policy == MissingPolicy.CONSTANT && !Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "missing: constant needs a finite value to fill in, got " + value);
      }
      if (policy != MissingPolicy.CONSTANT && !Double.isNaN(value)) {
        throw new IllegalArgumentException(
            "only missing: constant takes a value, " + policy.id() + " computes its own");
      }
    }

    public static Rule of(MissingPolicy policy) {
      return new Rule(policy, Double.NaN);
    }

    public static Rule constant(double value) {
      return new Rule(MissingPolicy.CONSTANT, value);
    }
  }

  public MissingValues {
    rules = Map.copyOf(rules);
  }

  /** The feature's rule, or null when it refuses missing values. */
  public Rule ruleOf(String feature) {
    return rules.get(feature);
  }

  /**
   * The fill value of each imputed feature (mean, median or constant), from the training rows'
   * present values.
   *
   * @throws IllegalArgumentException when a feature to fill by mean or median has no present value
   *     in the training rows, or is not a numeric feature of the table
   */
  public Map<String, Double> fit(TabularTable train) {
    Map<String, Double> fills = new LinkedHashMap<>();
    TabularSchema schema = train.schema();
    for (int c = 0; c < schema.featureCount(); c++) {
      Column column = schema.features().get(c);
      Rule rule = rules.get(column.name());
      if (rule == null || rule.policy() == MissingPolicy.DROP_ROW) {
        continue;
      }
      if (column.type() != ColumnType.NUMERIC) {
        throw new IllegalArgumentException(
            "feature " + column.name() + " is categorical; missing values apply to numeric ones");
      }
      if (rule.policy() == MissingPolicy.CONSTANT) {
        fills.put(column.name(), rule.value());
        continue;
      }
      double[] present =
          Arrays.stream(train.numericColumn(c)).filter(v -> !Double.isNaN(v)).toArray();
      if (present.length == 0) {
        throw new IllegalArgumentException(
            "feature "
                + column.name()
                + " is missing in every training row, so it has no "
                + rule.policy().id()
                + " to fill in; use missing: constant with a value, or drop the column");
      }
      fills.put(
          column.name(), rule.policy() == MissingPolicy.MEAN ? mean(present) : median(present));
    }
    return fills;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
