package dev.mlpipe.models.mlp;

import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trained multi-layer perceptron on tabular features, scored in plain Java: the encoders turn a
 * feature map into numbers, the dense layers map them to one output. A classifier's output is the
 * probability of the positive class (the last layer is a sigmoid), labelled positive at or above
 * {@code threshold}; a regressor's output, trained on the standardised target, is mapped back with
 * {@code targetMean + targetScale * output}.
 */
public final class MlpModel {

  private final TabularTask task;
  private final String target;
  private final List<FeatureEncoder> encoders;
  private final List<DenseLayer> layers;
  private final double threshold;
  private final double targetMean;
  private final double targetScale;
  private final Map<String, Integer> encoderIndex = new HashMap<>();
  private final int inputWidth;
  private final int maxWidth;

  /**
   * @param threshold for classifiers, the probability at or above which the label is positive (0 to
   *     1); ignored for regressors
   * @param targetMean for regressors, the training target's mean; 0 for classifiers
   * @param targetScale for regressors, the training target's standard deviation; 1 for classifiers
   */
  public MlpModel(
      TabularTask task,
      String target,
      List<FeatureEncoder> encoders,
      List<DenseLayer> layers,
      double threshold,
      double targetMean,
      double targetScale) {
    this.task = Objects.requireNonNull(task, "task");
    this.target = Objects.requireNonNull(target, "target");
    this.encoders = List.copyOf(encoders);
    this.layers = List.copyOf(layers);
    this.threshold = threshold;
    this.targetMean = targetMean;
    this.targetScale = targetScale;
    if (this.encoders.isEmpty() || this.layers.isEmpty()) {
      throw new IllegalArgumentException("an MLP needs at least one feature and one layer");
    }
    int width = 0;
    for (int e = 0; e < this.encoders.size(); e++) {
      if (encoderIndex.put(this.encoders.get(e).name(), e) != null) {
        throw new IllegalArgumentException(
            "feature " + this.encoders.get(e).name() + " is encoded twice");
      }
      width += this.encoders.get(e).width();
    }
    inputWidth = width;
    int widest = width;
    int previous = width;
    for (DenseLayer layer : this.layers) {
      if (layer.inputs() != previous) {
        throw new IllegalArgumentException(
            "layer inputs "
                + layer.inputs()
                + " do not match the "
                + previous
                + " outputs before it (the features encode to "
                + width
                + " numbers)");
      }
      previous = layer.outputs();
      widest = Math.max(widest, previous);
    }
    if (previous != 1) {
      throw new IllegalArgumentException("the last layer must have one output, has " + previous);
    }
    maxWidth = widest;
    if (task == TabularTask.BINARY_CLASSIFICATION) {
      if (this.layers.get(this.layers.size() - 1).activation() != Activation.SIGMOID) {
        throw new IllegalArgumentException("a classifier's last layer must be a sigmoid");
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold " + threshold + " is not in [0, 1]");
      }
    }
    if (!Double.isFinite(targetMean) || !(targetScale > 0) || !Double.isFinite(targetScale)) {
      throw new IllegalArgumentException(
          "target mean " + targetMean + " and scale " + targetScale + " must be finite, scale > 0");
    }
  }

  public TabularTask task() {
    return task;
  }

  /** The target's name in the training data. */
  public String target() {
    return target;
  }

  public List<FeatureEncoder> encoders() {
    return encoders;
  }

  public List<DenseLayer> layers() {
    return layers;
  }

  public double threshold() {
    return threshold;
  }

  public double targetMean() {
    return targetMean;
  }

  public double targetScale() {
    return targetScale;
  }

  /**
   * This model filling in missing numbers: feature name -> the value a missing one stands for, as
   * fitted on the training rows. The weights and the other encoders stay as they are.
   *
   * @throws IllegalArgumentException when a name is not a numeric feature of the model
   */
  public MlpModel withMissingFills(Map<String, Double> fills) {
    Objects.requireNonNull(fills, "fills");
    List<FeatureEncoder> filled = new ArrayList<>(encoders);
    for (Map.Entry<String, Double> fill : fills.entrySet()) {
      Integer at = encoderIndex.get(fill.getKey());
      if (at == null || !(encoders.get(at) instanceof FeatureEncoder.Numeric n)) {
        throw new IllegalArgumentException(
            "cannot fill missing " + fill.getKey() + ": it is not a numeric feature of the model");
      }
      filled.set(at, n.withFill(fill.getValue()));
    }
    return new MlpModel(task, target, filled, layers, threshold, targetMean, targetScale);
  }

  /** How many numbers the encoded features are. */
  public int inputWidth() {
    return inputWidth;
  }

  /** The feature names a request must carry, in encoder order. */
  public List<String> featureNames() {
    return encoders.stream().map(FeatureEncoder::name).toList();
  }

  /**
   * The prediction for a feature map: a probability (classifier) or a value (regressor). Numeric
   * features take a {@link Number}; categorical ones a {@link String} (a whole number is accepted
   * as its decimal text).
   *
   * @throws InvalidFeatureException naming the first missing, unknown or ill-typed feature
   */
  public double predict(Map<String, ?> features) {
    return predictEncoded(encode(features));
  }

  /** Whether a classifier's probability is a positive label. */
  public boolean label(double probability) {
    return probability >= threshold;
  }

  /** The encoded input numbers for a feature map; see {@link #predict(Map)}. */
  public double[] encode(Map<String, ?> features) {
    Objects.requireNonNull(features, "features");
    for (String key : features.keySet()) {
      if (!encoderIndex.containsKey(key)) {
        throw new InvalidFeatureException(
            key,
            "unknown feature; the model takes "
                + String.join(", ", new TreeSet<>(encoderIndex.keySet())));
      }
    }
    double[] x = new double[inputWidth];
    int at = 0;
    for (FeatureEncoder encoder : encoders) {
      Object value = features.get(encoder.name());
      if (value == null && encoder instanceof FeatureEncoder.Numeric n && n.fillsMissing()) {
        value = n.fill(); // declared missing: the training rows' fill value
      }
      if (value == null) {
        throw new InvalidFeatureException(
            encoder.name(),
            "missing; every feature is required (" + String.join(", ", featureNames()) + ")");
      }
      if (encoder instanceof FeatureEncoder.Numeric n) {
        if (!(value instanceof Number number)) {
          throw new InvalidFeatureException(n.name(), "must be a number, got " + describe(value));
        }
        double v = number.doubleValue();
        if (!Double.isFinite(v)) {
          throw new InvalidFeatureException(n.name(), "must be finite, got " + v);
        }
        x[at] = n.encode(v);
      } else {
        FeatureEncoder.Categorical c = (FeatureEncoder.Categorical) encoder;
        x[at + c.slot(category(c.name(), value))] = 1;
      }
      at += encoder.width();
    }
    return x;
  }

  /** The prediction for already encoded inputs. */
  public double predictEncoded(double[] x) {
    if (x.length != inputWidth) {
      throw new IllegalArgumentException(
          "expected " + inputWidth + " encoded inputs, got " + x.length);
    }
    double[] in = new double[maxWidth];
    double[] out = new double[maxWidth];
    System.arraycopy(x, 0, in, 0, x.length);
    for (DenseLayer layer : layers) {
      layer.forward(in, out);
      double[] t = in;
      in = out;
      out = t;
    }
    double y = in[0];
    return task == TabularTask.REGRESSION ? targetMean + targetScale * y : y;
  }

  /**
   * The encoded inputs of every row of a table whose schema has this model's features (by name;
   * other columns are ignored), row by row.
   *
   * @throws IllegalArgumentException when the table lacks a feature or has it with another type
   */
  public double[][] encode(TabularTable table) {
    return encode(encoders, table, inputWidth);
  }

  /**
   * The inputs {@code encoders} make of every row of a table whose schema has their features (by
   * name; other columns are ignored), row by row: for training, before there are layers.
   *
   * @throws IllegalArgumentException when the table lacks a feature or has it with another type
   */
  public static double[][] encode(List<FeatureEncoder> encoders, TabularTable table) {
    return encode(encoders, table, encoders.stream().mapToInt(FeatureEncoder::width).sum());
  }

  private static double[][] encode(List<FeatureEncoder> encoders, TabularTable table, int width) {
    TabularSchema schema = table.schema();
    int[] column = new int[encoders.size()];
    for (int e = 0; e < encoders.size(); e++) {
      FeatureEncoder encoder = encoders.get(e);
      column[e] = schema.indexOf(encoder.name());
      ColumnType wanted =
          encoder instanceof FeatureEncoder.Numeric ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
      if (column[e] < 0 || schema.features().get(column[e]).type() != wanted) {
        throw new IllegalArgumentException(
            "the table has no " + wanted.id() + " column " + encoder.name() + " the model needs");
      }
    }
    double[][] rows = new double[table.size()][width];
    for (int row = 0; row < table.size(); row++) {
      int at = 0;
      for (int e = 0; e < encoders.size(); e++) {
        if (encoders.get(e) instanceof FeatureEncoder.Numeric n) {
          rows[row][at] = n.encode(table.numeric(column[e], row));
        } else {
          FeatureEncoder.Categorical c = (FeatureEncoder.Categorical) encoders.get(e);
          rows[row][at + c.slot(table.category(column[e], row))] = 1;
        }
        at += encoders.get(e).width();
      }
    }
    return rows;
  }

  /** The prediction for every row of the table; see {@link #encode(TabularTable)}. */
  public double[] predict(TabularTable table) {
    double[][] x = encode(table);
    double[] out = new double[x.length];
    for (int row = 0; row < x.length; row++) {
      out[row] = predictEncoded(x[row]);
    }
    return out;
  }

  /** The names of the features among {@code names} that this model does not know. */
  public Set<String> unknown(Set<String> names) {
    Set<String> out = new TreeSet<>(names);
    out.removeAll(encoderIndex.keySet());
    return out;
  }

  private static String category(String name, Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Long.toString(n.longValue());
    }
    throw new InvalidFeatureException(
        name, "must be a category (a string), got " + describe(value));
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "string '" + s + "'";
    }
    if (value instanceof Boolean || value instanceof Number) {
      return value.toString();
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Encoder settings fitted on training rows: standardisation and the kept categories. */
  public static List<FeatureEncoder> fitEncoders(TabularTable train, int maxCategories) {
    if (maxCategories < 1) {
      throw new IllegalArgumentException("maxCategories must be at least 1");
    }
    TabularSchema schema = train.schema();
    List<FeatureEncoder> out = new ArrayList<>();
    for (int c = 0; c < schema.featureCount(); c++) {
      String name = schema.features().get(c).name();
      if (schema.features().get(c).type() == ColumnType.NUMERIC) {
        double sum = 0;
        for (int row = 0; row < train.size(); row++) {
          sum += train.numeric(c, row);
        }
        double mean = sum / train.size();
        double squares = 0;
        for (int row = 0; row < train.size(); row++) {
          double d = train.numeric(c, row) - mean;
          squares += d * d;
        }
        double std = Math.sqrt(squares / train.size());
        out.add(new FeatureEncoder.Numeric(name, mean, std > 1e-12 ? std : 1.0));
      } else {
        Map<String, Integer> counts = new HashMap<>();
        for (int row = 0; row < train.size(); row++) {
          counts.merge(train.category(c, row), 1, Integer::sum);
        }
        List<String> kept =
            counts.entrySet().stream()
                .filter(e -> !e.getKey().equals(FeatureEncoder.OTHER))
                .sorted(
                    Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(maxCategories)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        out.add(new FeatureEncoder.Categorical(name, kept));
      }
    }
    return out;
  }
}
