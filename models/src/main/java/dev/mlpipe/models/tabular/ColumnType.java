package dev.mlpipe.models.tabular;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a feature column's values are read and encoded. */
public enum ColumnType {
  /** A number; standardised for the model. */
  NUMERIC,
  /**
   * A label from a set of values; one-hot encoded, unseen values in an {@code __other__} bucket.
   */
  CATEGORICAL;

  /** The name in {@code mlpipe.yaml}: {@code numeric} or {@code categorical}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ColumnType> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
  }
}
