package dev.mlpipe.trainer.data;

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
    long[] keys = new long[n];
    // Sort (timestamp, row) pairs without boxing: rank rows by timestamp, ties by row index.
    Integer[] rows = new Integer[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      keys[i] = table.timestamp(i);
    }
    Arrays.sort(rows, (a, b) -> compare(keys, a, b));
    boolean[] inHoldout = new boolean[n];
    for (int k = n - holdoutSize; k < n; k++) {
      inHoldout[rows[k]] = true;
    }
    return partition(table, inHoldout, holdoutSize);
  }

  private static int compare(long[] keys, int a, int b) {
    int c = Long.compare(keys[a], keys[b]);
    return c != 0 ? c : Integer.compare(a, b);
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
