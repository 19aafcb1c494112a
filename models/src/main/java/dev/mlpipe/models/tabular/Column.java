package dev.mlpipe.models.tabular;

import java.util.Objects;
import java.util.regex.Pattern;

/** A feature column: its name (as in the CSV header and in prediction requests) and its type. */
public record Column(String name, ColumnType type) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

  public Column {
    requireName(name);
    Objects.requireNonNull(type, "type");
  }

  static void requireName(String name) {
    Objects.requireNonNull(name, "column name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "column name '" + name + "' is not a name (" + NAME.pattern() + ")");
    }
  }

  /** Whether the text is a valid column name. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
