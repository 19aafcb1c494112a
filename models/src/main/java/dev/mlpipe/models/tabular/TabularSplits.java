package dev.mlpipe.models.tabular;

import java.util.SplittableRandom;

/**
 * A seeded random split of a tabular table into training and holdout rows, each side in its
 * original order, so the holdout hash depends only on which rows were chosen.
 */
public final class TabularSplits {

  private TabularSplits() {}

  /** Training and holdout rows. */
  public record Split(TabularTable train, TabularTable holdout) {}

  /** A seeded random sample of {@code round(n * holdoutFraction)} rows is the holdout. */
  public static Split random(TabularTable table, double holdoutFraction, long seed) {
    if (!(holdoutFraction > 0.0 && holdoutFraction < 1.0)) {
      throw new IllegalArgumentException(
          "holdout fraction " + holdoutFraction + " is not strictly between 0 and 1");
    }
    int n = table.size();
    int holdoutSize = (int) Math.round(n * holdoutFraction);
    if (holdoutSize < 1 || holdoutSize >= n) {
      throw new IllegalArgumentException(
          "a holdout of "
              + holdoutFraction
              + " of "
              + n
              + " rows leaves one side empty; use more data");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
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
    int[] train = new int[n - holdoutSize];
    int[] holdout = new int[holdoutSize];
    int t = 0;
    int h = 0;
    for (int i = 0; i < n; i++) {
      if (inHoldout[i]) {
        holdout[h++] = i;
      } else {
        train[t++] = i;
      }
    }
    return new Split(table.select(train), table.select(holdout));
  }
}
