package dev.mlpipe.models.tabular;

import dev.mlpipe.models.data.BadLine;
import dev.mlpipe.models.data.DataException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes tabular data as CSV with a header line (RFC 4180: comma separated, fields may be
 * double-quoted, {@code ""} is a quote inside one). The header must name every column of the schema
 * (in any order; other columns are ignored). A row that does not parse (wrong field count, a
 * numeric value that is not a finite number, an empty category, a classification target other than
 * 0/1, true/false or yes/no) is counted and the first few kept for the report; above the allowed
 * share of all rows the load fails with the count and those lines. Blank lines are ignored.
 */
public final class TabularCsv {

  /** How many bad lines a report quotes. */
  public static final int MAX_REPORTED_BAD_LINES = 5;

  private static final Logger log = LoggerFactory.getLogger(TabularCsv.class);
  private static final int MAX_QUOTED_CHARS = 200;
  private static final int MAX_CATEGORY_CHARS = 1000;

  private TabularCsv() {}

  /**
   * Loads {@code file} with {@code schema}.
   *
   * @param maxBadRowShare the share of unparseable rows (0 to 1) above which loading fails
   * @throws DataException when the file is missing, lacks a schema column in its header, has no
   *     rows, or has too many bad rows
   */
  public static LoadedTable load(Path file, TabularSchema schema, double maxBadRowShare)
      throws DataException, IOException {
    return load(file, schema, maxBadRowShare, MissingValues.NONE);
  }

  /** Loads CSV rows from {@code reader}; {@code source} names it in messages. */
  public static LoadedTable load(
      Reader reader, String source, TabularSchema schema, double maxBadRowShare)
      throws DataException, IOException {
    return load(reader, source, schema, maxBadRowShare, MissingValues.NONE);
  }

  /**
   * Loads {@code file} with {@code schema}; an empty numeric field is handled as {@code missing}
   * declares: a bad row (no rule), a dropped row ({@code drop-row}) or a missing value (NaN) to be
   * filled in after the split.
   */
  public static LoadedTable load(
      Path file, TabularSchema schema, double maxBadRowShare, MissingValues missing)
      throws DataException, IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(reader, file.toString(), schema, maxBadRowShare, missing);
    } catch (NoSuchFileException e) {
      throw new DataException(
          "CSV file "
              + file
              + " does not exist; check data.file.path in mlpipe.yaml (relative to the repository"
              + " root)",
          e);
    }
  }

  /** Loads CSV rows from {@code reader} with the declared handling of missing values. */
  public static LoadedTable load(
      Reader reader,
      String source,
      TabularSchema schema,
      double maxBadRowShare,
      MissingValues missingValues)
      throws DataException, IOException {
    Objects.requireNonNull(missingValues, "missingValues");
    if (!(maxBadRowShare >= 0.0 && maxBadRowShare <= 1.0)) {
      throw new IllegalArgumentException("maxBadRowShare " + maxBadRowShare + " is not in [0, 1]");
    }
    BufferedReader lines =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    String headerLine = lines.readLine();
    if (headerLine == null || headerLine.isBlank()) {
      throw new DataException(source + ": the file is empty; expected a header line of columns");
    }
    List<String> header = split(headerLine.replace("\uFEFF", ""));
    if (header == null) {
      throw new DataException(source + ": line 1 (the header) has an unclosed quote");
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      position.putIfAbsent(header.get(i).strip(), i);
    }
    int f = schema.featureCount();
    int[] featureAt = new int[f];
    List<String> missing = new ArrayList<>();
    for (int c = 0; c < f; c++) {
      Integer at = position.get(schema.features().get(c).name());
      featureAt[c] = at == null ? -1 : at;
      if (at == null) {
        missing.add(schema.features().get(c).name());
      }
    }
    Integer targetAt = position.get(schema.target());
    if (targetAt == null) {
      missing.add(schema.target() + " (the target)");
    }
    if (!missing.isEmpty()) {
      throw new DataException(
          source
              + ": the header lacks the schema's column(s) "
              + String.join(", ", missing)
              + "; the header is '"
              + quote(headerLine)
              + "'. Fix data.file.schema in mlpipe.yaml or the file's header");
    }

    TabularTable.Builder rows = TabularTable.builder(schema);
    double[] numbers = new double[f];
    String[] categories = new String[f];
    double[] targetOut = new double[1];
    List<BadLine> firstBad = new ArrayList<>();
    long bad = 0;
    long dropped = 0;
    MissingValues.Rule[] rules = new MissingValues.Rule[f];
    for (int c = 0; c < f; c++) {
      rules[c] = missingValues.ruleOf(schema.features().get(c).name());
    }
    long lineNumber = 1;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String problem =
          parse(
              line,
              header.size(),
              schema,
              featureAt,
              targetAt,
              rules,
              numbers,
              categories,
              targetOut);
      if (DROP.equals(problem)) {
        dropped++;
      } else if (problem == null) {
        rows.add(numbers, categories, targetOut[0]);
      } else {
        bad++;
        if (firstBad.size() < MAX_REPORTED_BAD_LINES) {
          firstBad.add(new BadLine(lineNumber, quote(line), problem));
        }
      }
    }
    long total = rows.size() + bad + dropped;
    if (total == 0) {
      throw new DataException(source + ": no data rows after the header");
    }
    double share = (double) bad / total;
    if (rows.size() == 0 && bad == 0) {
      throw new DataException(
          source
              + ": all "
              + dropped
              + " rows were dropped for a missing value (missing: drop-row); fill them in instead"
              + " (missing: mean, median or constant) or fix the file");
    }
    if (rows.size() == 0 || share > maxBadRowShare) {
      throw new DataException(
          String.format(
              Locale.ROOT,
              "%s: %d of %d rows (%.2f %%) do not parse with the declared schema, more than the"
                  + " allowed %.2f %%; first bad lines:%n  %s%nfix the file or the schema, or"
                  + " raise data.file.maxBadRowShare",
              source,
              bad,
              total,
              100.0 * share,
              100.0 * maxBadRowShare,
              firstBad.stream().map(BadLine::toString).collect(Collectors.joining("\n  "))));
    }
    if (bad > 0) {
      log.warn(
          "Skipped {} of {} rows of {} that do not parse with the schema; first: {}",
          bad,
          total,
          source,
          firstBad.get(0));
    }
    if (dropped > 0) {
      log.info(
          "Dropped {} of {} rows of {} with a missing value (missing: drop-row)",
          dropped,
          total,
          source);
    }
    return new LoadedTable(rows.build(), bad, firstBad, dropped);
  }

  /** What {@link #parse} returns for a row to drop . */
  private static final String DROP = "drop the row";

  /**
   * Parses one line into numbers/categories; returns the problem, {@link #DROP}, or null when it
   * parsed (a missing value to fill in is NaN).
   */
  private static String parse(
      String line,
      int fieldCount,
      TabularSchema schema,
      int[] featureAt,
      int targetAt,
      MissingValues.Rule[] rules,
      double[] numbers,
      String[] categories,
      double[] targetOut) {
    List<String> fields = split(line);
    if (fields == null) {
      return "a quoted field is not closed";
    }
    if (fields.size() != fieldCount) {
      return "expected " + fieldCount + " fields as in the header, got " + fields.size();
    }
    for (int c = 0; c < featureAt.length; c++) {
      Column column = schema.features().get(c);
      String raw = fields.get(featureAt[c]).strip();
      if (column.type() == ColumnType.NUMERIC) {
        if (raw.isEmpty()) {
          if (rules[c] == null) {
            return column.name()
                + " is empty (a missing value); declare missing: in data.file.schema to fill it in"
                + " or drop the row";
          }
          if (rules[c].policy() == MissingPolicy.DROP_ROW) {
            return DROP;
          }
          numbers[c] = Double.NaN;
          continue;
        }
        double v = number(raw);
        if (!Double.isFinite(v)) {
          return column.name() + " '" + raw + "' is not a finite number";
        }
        numbers[c] = v;
      } else {
        if (raw.isEmpty()) {
          return column.name() + " is empty";
        }
        if (raw.length() > MAX_CATEGORY_CHARS) {
          return column.name() + " is longer than " + MAX_CATEGORY_CHARS + " characters";
        }
        categories[c] = raw;
      }
    }
    String rawTarget = fields.get(targetAt).strip();
    double t =
        schema.task() == TabularTask.BINARY_CLASSIFICATION ? label(rawTarget) : number(rawTarget);
    if (!Double.isFinite(t)) {
      return schema.task() == TabularTask.BINARY_CLASSIFICATION
          ? "target " + schema.target() + " '" + rawTarget + "' is not 0/1, true/false or yes/no"
          : "target " + schema.target() + " '" + rawTarget + "' is not a finite number";
    }
    targetOut[0] = t;
    return null;
  }

  /** The binary label a text stands for, or NaN. */
  public static double label(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "1", "1.0", "true", "yes" -> 1.0;
      case "0", "0.0", "false", "no" -> 0.0;
      default -> Double.NaN;
    };
  }

  private static double number(String raw) {
    if (raw.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The fields of a CSV line, unquoted; null when a quoted field is not closed. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char ch = line.charAt(i);
          if (ch == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else {
            field.append(ch);
            i++;
          }
        }
        if (!closed) {
          return null;
        }
        while (i < n && line.charAt(i) != ',') {
          field.append(line.charAt(i));
          i++;
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          field.append(line.charAt(i));
          i++;
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  /** Writes the table as CSV: a header of the features then the target, one line per row. */
  public static void write(TabularTable table, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(table, out);
    }
  }

  public static void write(TabularTable table, Writer out) throws IOException {
    TabularSchema schema = table.schema();
    StringBuilder line = new StringBuilder(128);
    for (Column c : schema.features()) {
      line.append(c.name()).append(',');
    }
    line.append(schema.target()).append('\n');
    out.append(line);
    boolean binary = schema.task() == TabularTask.BINARY_CLASSIFICATION;
    for (int row = 0; row < table.size(); row++) {
      line.setLength(0);
      for (int c = 0; c < schema.featureCount(); c++) {
        if (schema.features().get(c).type() == ColumnType.NUMERIC) {
          appendNumber(line, table.numeric(c, row));
        } else {
          appendCategory(line, table.category(c, row));
        }
        line.append(',');
      }
      if (binary) {
        line.append(table.target(row) >= 0.5 ? '1' : '0');
      } else {
        appendNumber(line, table.target(row));
      }
      line.append('\n');
      out.append(line);
    }
  }

  private static void appendNumber(StringBuilder line, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      line.append((long) v);
    } else {
      line.append(v);
    }
  }

  private static void appendCategory(StringBuilder line, String v) {
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || !v.equals(v.strip())) {
      line.append('"').append(v.replace("\"", "\"\"")).append('"');
    } else {
      line.append(v);
    }
  }

  private static String quote(String line) {
    return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "...";
  }
}
