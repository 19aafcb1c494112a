package dev.mlpipe.models.factor;

import java.util.Arrays;

/** Maps a set of external ids to dense indexes 0..n-1 in ascending id order. */
public final class IdIndex {

  private final int[] ids;

  private IdIndex(int[] sortedDistinctIds) {
    this.ids = sortedDistinctIds;
  }

  public static IdIndex of(int[] ids) {
    return new IdIndex(Arrays.stream(ids).sorted().distinct().toArray());
  }

  public static IdIndex ofSorted(int[] sortedDistinctIds) {
    for (int i = 1; i < sortedDistinctIds.length; i++) {
      if (sortedDistinctIds[i] <= sortedDistinctIds[i - 1]) {
        throw new IllegalArgumentException("ids are not ascending and distinct at index " + i);
      }
    }
    return new IdIndex(sortedDistinctIds.clone());
  }

  /** The dense index of {@code id}, or -1 when it is unknown. */
  public int indexOf(int id) {
    int i = Arrays.binarySearch(ids, id);
    return i >= 0 ? i : -1;
  }

  public int id(int index) {
    return ids[index];
  }

  public int size() {
    return ids.length;
  }

  public int[] ids() {
    return ids.clone();
  }
}
