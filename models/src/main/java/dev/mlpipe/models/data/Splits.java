package dev.mlpipe.models.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random and time splits. Both keep the rows of each side in their original order, so the holdout
 * hash depends only on which rows were chosen.
 */
public final class Splits {

  private Splits() {}

  /** A seeded random sample of {@code round(n * holdoutFraction)} rows is the holdout. */
  public static Split random(RatingTable table, double holdoutFraction, long seed) {
    int holdoutSize = holdoutSize(table, holdoutFraction);
    int n = table.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    // Partial Fisher-Yates: the first holdoutSize positions become a uniform sample.
    for (int i = 0; i < holdoutSize; i++) {
      int j = i + rng.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] inHoldout = new boolean[n];
    for (int i = 0; i < holdoutSize; i++) {
      inHoldout[order[i]] = true;
    }
    return partition(table, inHoldout, holdoutSize);
  }

  /**
   * The newest {@code round(n * holdoutFraction)} rows by timestamp are the holdout; rows with the
   * same timestamp are ordered by their position in the table.
   */
  public static Split byTime(RatingTable table, double holdoutFraction) {
    int holdoutSize = holdoutSize(table, holdoutFraction);
    int n = table.size();
    boolean[] inHoldout = new boolean[n];
    int[] oldestFirst = rowsByTime(table);
    for (int k = n - holdoutSize; k < n; k++) {
      inHoldout[oldestFirst[k]] = true;
    }
    return partition(table, inHoldout, holdoutSize);
  }

  /** Row indexes ordered by (timestamp, row). */
  private static int[] rowsByTime(RatingTable table) {
    int n = table.size();
    boolean packable = true;
    for (int row = 0; row < n && packable; row++) {
      long t = table.timestamp(row);
      packable = t >= 0 && t <= Integer.MAX_VALUE;
    }
    int[] rows = new int[n];
    if (packable) {
      // Timestamps before 2038 and row numbers both fit in 31 bits: sort primitive longs.
      long[] keys = new long[n];
      for (int row = 0; row < n; row++) {
        keys[row] = (table.timestamp(row) << 32) | row;
      }
      Arrays.sort(keys);
      for (int k = 0; k < n; k++) {
        rows[k] = (int) keys[k];
      }
      return rows;
    }
    Integer[] boxed = new Integer[n];
    for (int row = 0; row < n; row++) {
      boxed[row] = row;
    }
    Arrays.sort(
        boxed,
        (a, b) -> {
          int c = Long.compare(table.timestamp(a), table.timestamp(b));
          return c != 0 ? c : Integer.compare(a, b);
        });
    for (int k = 0; k < n; k++) {
      rows[k] = boxed[k];
    }
    return rows;
  }

  private static int holdoutSize(RatingTable table, double holdoutFraction) {
    if (!(holdoutFraction > 0.0 && holdoutFraction < 1.0)) {
      throw new IllegalArgumentException(
          "holdout fraction " + holdoutFraction + " is not strictly between 0 and 1");
    }
    int size = (int) Math.round(table.size() * holdoutFraction);
    if (size < 1 || size >= table.size()) {
      throw new IllegalArgumentException(
          "a holdout of "
              + holdoutFraction
              + " of "
              + table.size()
              + " rows leaves one side empty; use more data");
    }
    return size;
  }

  private static Split partition(RatingTable table, boolean[] inHoldout, int holdoutSize) {
    int[] train = new int[table.size() - holdoutSize];
    int[] holdout = new int[holdoutSize];
    int t = 0;
    int h = 0;
    for (int i = 0; i < inHoldout.length; i++) {
      if (inHoldout[i]) {
        holdout[h++] = i;
      } else {
        train[t++] = i;
      }
    }
    return new Split(table.select(train), table.select(holdout));
  }
}
