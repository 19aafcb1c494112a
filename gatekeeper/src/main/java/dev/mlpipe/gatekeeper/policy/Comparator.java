package dev.mlpipe.gatekeeper.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a check compares: absolute comparators against a fixed threshold, relative ones against the
 * champion's value of the same metric.
 */
public enum Comparator {
  /** candidate &gt;= threshold. */
  MIN("min", false),
  /** candidate &lt;= threshold. */
  MAX("max", false),
  /** candidate == threshold; {@code true}/{@code false} stand for 1 and 0. */
  EQUALS("equals", false),
  /**
   * The candidate may be worse than the champion by at most this fraction of the champion's value
   * (0.01 = 1 %), in the metric's direction.
   */
  MAX_REGRESSION("maxRegression", true),
  /**
   * The candidate's improvement over the champion (in the metric's direction) is at least this
   * much, in the metric's own units; -0.01 allows it to be 0.01 worse.
   */
  MIN_DELTA("minDelta", true);

  private final String key;
  private final boolean relative;

  Comparator(String key, boolean relative) {
    this.key = key;
    this.relative = relative;
  }

  /** The comparator's key in a policy, e.g. {@code maxRegression}. */
  public String key() {
    return key;
  }

  /** True when the check compares with the champion. */
  public boolean relative() {
    return relative;
  }

  public static Optional<Comparator> byKey(String key) {
    return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
  }

  public static String knownKeys() {
    return Arrays.stream(values()).map(Comparator::key).collect(Collectors.joining(", "));
  }
}
