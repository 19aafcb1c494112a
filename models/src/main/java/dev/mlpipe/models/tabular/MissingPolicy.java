package dev.mlpipe.models.tabular;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What loading and training do with a missing (empty) value of a numeric feature. Without a
 * declared policy an empty field makes its row a bad row, as any value that does not parse.
 */
public enum MissingPolicy {
  /** The row is left out of the data (counted, not a bad row). */
  DROP_ROW,
  /** Filled with the mean of the feature's training rows. */
  MEAN,
  /** Filled with the median of the feature's training rows. */
  MEDIAN,
  /** Filled with a declared value. */
  CONSTANT;

  /** The name in {@code mlpipe.yaml}: {@code drop-row}, {@code mean}, {@code median}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<MissingPolicy> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
  }

  /** The known ids, for messages. */
  public static String knownIds() {
    return Arrays.stream(values()).map(MissingPolicy::id).collect(Collectors.joining(", "));
  }
}
