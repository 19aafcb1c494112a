package dev.mlpipe.models.tabular;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable table of tabular rows stored column by column: per feature a {@code double[]}
 * (numeric) or a {@code String[]} (categorical), and the target as numbers (0 or 1 for a binary
 * classification). Its canonical bytes (schema, then rows) identify it: {@link #sha256()} is their
 * hash, so the table stored in a content-addressed store is found again under it.
 */
public final class TabularTable {

  static final byte[] MAGIC = "MLPIPE-TABLE/1\n".getBytes(StandardCharsets.US_ASCII);

  private final TabularSchema schema;
  private final double[][] numeric;
  private final String[][] categorical;
  private final double[] target;

  private TabularTable(
      TabularSchema schema, double[][] numeric, String[][] categorical, double[] target) {
    this.schema = schema;
    this.numeric = numeric;
    this.categorical = categorical;
    this.target = target;
  }

  public static Builder builder(TabularSchema schema) {
    return new Builder(schema);
  }

  public TabularSchema schema() {
    return schema;
  }

  public int size() {
    return target.length;
  }

  /** The numeric value of feature {@code column} (its position in the schema) in {@code row}. */
  public double numeric(int column, int row) {
    double[] values = numeric[column];
    if (values == null) {
      throw new IllegalArgumentException(
          "column " + schema.features().get(column).name() + " is not numeric");
    }
    return values[row];
  }

  /** The category of feature {@code column} in {@code row}. */
  public String category(int column, int row) {
    String[] values = categorical[column];
    if (values == null) {
      throw new IllegalArgumentException(
          "column " + schema.features().get(column).name() + " is not categorical");
    }
    return values[row];
  }

  public double target(int row) {
    return target[row];
  }

  /** Every target value, in row order (a copy). */
  public double[] targets() {
    return target.clone();
  }

  /** Every value of a numeric column, in row order (a copy). */
  public double[] numericColumn(int column) {
    if (numeric[column] == null) {
      throw new IllegalArgumentException(
          "column " + schema.features().get(column).name() + " is not numeric");
    }
    return numeric[column].clone();
  }

  /** Every value of a categorical column, in row order (a copy). */
  public String[] categoricalColumn(int column) {
    if (categorical[column] == null) {
      throw new IllegalArgumentException(
          "column " + schema.features().get(column).name() + " is not categorical");
    }
    return categorical[column].clone();
  }

  /**
   * A row's features as a prediction request carries them: numbers as {@link Double}, categories as
   * {@link String}, in schema order.
   */
  public Map<String, Object> features(int row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int c = 0; c < schema.featureCount(); c++) {
      String name = schema.features().get(c).name();
      out.put(name, numeric[c] != null ? (Object) numeric[c][row] : categorical[c][row]);
    }
    return out;
  }

  /**
   * This table with the missing (NaN) values of numeric features filled in: feature name -> fill
   * value. Features not named keep their values.
   */
  public TabularTable imputed(Map<String, Double> fills) {
    Objects.requireNonNull(fills, "fills");
    double[][] n = numeric.clone();
    for (Map.Entry<String, Double> fill : fills.entrySet()) {
      int c = schema.indexOf(fill.getKey());
      if (c < 0 || numeric[c] == null) {
        throw new IllegalArgumentException(
            "cannot fill " + fill.getKey() + ": it is not a numeric feature of " + schema);
      }
      double value = fill.getValue();
      n[c] = numeric[c].clone();
      for (int row = 0; row < n[c].length; row++) {
        if (Double.isNaN(n[c][row])) {
          n[c][row] = value;
        }
      }
    }
    return new TabularTable(schema, n, categorical, target);
  }

  /** How many values of numeric features are missing (NaN). */
  public long missingValues() {
    long missing = 0;
    for (double[] values : numeric) {
      if (values != null) {
        for (double v : values) {
          if (Double.isNaN(v)) {
            missing++;
          }
        }
      }
    }
    return missing;
  }

  /** The rows at the given indexes, in that order. */
  public TabularTable select(int[] rows) {
    int f = schema.featureCount();
    double[][] n = new double[f][];
    String[][] s = new String[f][];
    for (int c = 0; c < f; c++) {
      if (numeric[c] != null) {
        n[c] = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
          n[c][k] = numeric[c][rows[k]];
        }
      } else {
        s[c] = new String[rows.length];
        for (int k = 0; k < rows.length; k++) {
          s[c][k] = categorical[c][rows[k]];
        }
      }
    }
    double[] t = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      t[k] = target[rows[k]];
    }
    return new TabularTable(schema, n, s, t);
  }

  /** The share of rows whose target is 1; NaN for regression or no rows. */
  public double positiveShare() {
    if (schema.task() != TabularTask.BINARY_CLASSIFICATION || size() == 0) {
      return Double.NaN;
    }
    return Arrays.stream(target).sum() / size();
  }

  /**
   * The canonical form: the magic line, the schema (task, target, each feature's name and type),
   * the row count, then the rows (each feature as a big-endian double or a modified-UTF-8 string,
   * then the target as a double).
   */
  public byte[] toCanonicalBytes() {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + size() * 16 * (numeric.length + 1));
    try {
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeUTF(schema.task().name());
      out.writeUTF(schema.target());
      out.writeInt(schema.featureCount());
      for (Column c : schema.features()) {
        out.writeUTF(c.name());
        out.writeUTF(c.type().name());
      }
      out.writeInt(size());
      for (int row = 0; row < size(); row++) {
        for (int c = 0; c < numeric.length; c++) {
          if (numeric[c] != null) {
            out.writeDouble(numeric[c][row]);
          } else {
            out.writeUTF(categorical[c][row]);
          }
        }
        out.writeDouble(target[row]);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The table whose canonical form the bytes are.
   *
   * @throws IllegalArgumentException when they are not a complete canonical table
   */
  public static TabularTable fromCanonicalBytes(byte[] bytes) {
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException(
          "not a canonical tabular table: it does not start with MLPIPE-TABLE/1");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      in.skipNBytes(MAGIC.length);
      TabularTask task = TabularTask.valueOf(in.readUTF());
      String target = in.readUTF();
      int f = in.readInt();
      if (f < 1 || f > 100_000) {
        throw new IllegalArgumentException("feature count " + f + " is out of range");
      }
      List<Column> columns = new ArrayList<>(f);
      for (int c = 0; c < f; c++) {
        columns.add(new Column(in.readUTF(), ColumnType.valueOf(in.readUTF())));
      }
      Builder builder = new Builder(new TabularSchema(columns, target, task));
      int rows = in.readInt();
      if (rows < 0 || rows > in.available()) {
        throw new IllegalArgumentException("row count " + rows + " is out of range");
      }
      double[] nums = new double[f];
      String[] cats = new String[f];
      for (int row = 0; row < rows; row++) {
        for (int c = 0; c < f; c++) {
          if (columns.get(c).type() == ColumnType.NUMERIC) {
            nums[c] = in.readDouble();
          } else {
            cats[c] = in.readUTF();
          }
        }
        builder.add(nums, cats, in.readDouble());
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " unexpected bytes after the rows");
      }
      return builder.build();
    } catch (EOFException e) {
      throw new IllegalArgumentException("not a canonical tabular table: it is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
  }

  /** SHA-256 of the canonical bytes, lower-case hex. */
  public String sha256() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(toCanonicalBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "TabularTable[rows=" + size() + ", features=" + schema.featureCount() + "]";
  }

  /** Collects rows one by one; not thread-safe. */
  public static final class Builder {
    private final TabularSchema schema;
    private final double[][] numeric;
    private final String[][] categorical;
    private double[] target = new double[1024];
    private int size;

    private Builder(TabularSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      int f = schema.featureCount();
      numeric = new double[f][];
      categorical = new String[f][];
      for (int c = 0; c < f; c++) {
        if (schema.features().get(c).type() == ColumnType.NUMERIC) {
          numeric[c] = new double[1024];
        } else {
          categorical[c] = new String[1024];
        }
      }
    }

    /**
     * Adds a row: for each feature position, its value in {@code numbers} (numeric columns) or
     * {@code categories} (categorical columns); the other array's entry is ignored.
     */
    public Builder add(double[] numbers, String[] categories, double targetValue) {
      if (size == target.length) {
        int capacity = size + (size >> 1);
        target = Arrays.copyOf(target, capacity);
        for (int c = 0; c < numeric.length; c++) {
          if (numeric[c] != null) {
            numeric[c] = Arrays.copyOf(numeric[c], capacity);
          } else {
            categorical[c] = Arrays.copyOf(categorical[c], capacity);
          }
        }
      }
      for (int c = 0; c < numeric.length; c++) {
        if (numeric[c] != null) {
          numeric[c][size] = numbers[c];
        } else {
          categorical[c][size] = Objects.requireNonNull(categories[c], "category").intern();
        }
      }
      target[size] = targetValue;
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    public TabularTable build() {
      double[][] n = new double[numeric.length][];
      String[][] s = new String[numeric.length][];
      for (int c = 0; c < numeric.length; c++) {
        if (numeric[c] != null) {
          n[c] = Arrays.copyOf(numeric[c], size);
        } else {
          s[c] = Arrays.copyOf(categorical[c], size);
        }
      }
      return new TabularTable(schema, n, s, Arrays.copyOf(target, size));
    }
  }
}
