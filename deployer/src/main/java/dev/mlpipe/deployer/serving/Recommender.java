package dev.mlpipe.deployer.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Top-k recommendations from a factor model in plain Java: every catalogue item the user has not
 * rated is scored and the k best kept in a small heap; a user the model has no factors for gets the
 * most popular items instead, marked as a fallback.
 */
public final class Recommender {

  /** The most items one request may ask for. */
  public static final int MAX_K = 100;

  private static final int[] NONE = new int[0];

  private Recommender() {}

  public static Recommendation recommend(ServedModel model, int user, int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be 1-" + MAX_K + ", was " + k);
    }
    if (!model.knowsUser(user)) {
      List<Integer> items = new ArrayList<>(k);
      List<Double> scores = new ArrayList<>(k);
      for (int i = 0; i < model.popular().length && items.size() < k; i++) {
        items.add(model.popular()[i]);
        scores.add(Double.NaN);
      }
      return new Recommendation(items, scores, true);
    }
    // Min-heap of the k best so far, as parallel arrays: no boxing in the scoring loop.
    int[] heapItems = new int[k];
    double[] heapScores = new double[k];
    int size = 0;
    int u = Arrays.binarySearch(model.users(), user);
    int[] catalogue = model.catalogue();
    int[] rated = model.rated().getOrDefault(user, NONE);
    int r = 0;
    for (int i = 0; i < catalogue.length; i++) {
      int item = catalogue[i];
      // Both ascending: walk the user's rated items alongside the catalogue.
      while (r < rated.length && rated[r] < item) {
        r++;
      }
      if (r < rated.length && rated[r] == item) {
        continue;
      }
      double score = model.scores().score(u, i);
      if (size < k) {
        heapItems[size] = item;
        heapScores[size] = score;
        siftUp(heapItems, heapScores, size++);
      } else if (score > heapScores[0]) {
        heapItems[0] = item;
        heapScores[0] = score;
        siftDown(heapItems, heapScores, size);
      }
    }
    // Pop the heap's root (the worst) into the back: best first, no sort and no boxes to sort.
    Integer[] items = new Integer[size];
    Double[] scores = new Double[size];
    for (int last = size - 1; last >= 0; last--) {
      items[last] = heapItems[0];
      scores[last] = heapScores[0];
      swap(heapItems, heapScores, 0, last);
      siftDown(heapItems, heapScores, last);
    }
    return new Recommendation(List.of(items), List.of(scores), false);
  }

  private static boolean less(double[] s, int[] it, int a, int b) {
    // The heap's root is the worst: lowest score, and among equals the highest item id.
    return s[a] < s[b] || (s[a] == s[b] && it[a] > it[b]);
  }

  private static void siftUp(int[] it, double[] s, int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!less(s, it, i, parent)) {
        return;
      }
      swap(it, s, i, parent);
      i = parent;
    }
  }

  private static void siftDown(int[] it, double[] s, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int smallest = i;
      if (l < size && less(s, it, l, smallest)) {
        smallest = l;
      }
      if (r < size && less(s, it, r, smallest)) {
        smallest = r;
      }
      if (smallest == i) {
        return;
      }
      swap(it, s, i, smallest);
      i = smallest;
    }
  }

  private static void swap(int[] it, double[] s, int a, int b) {
    int ti = it[a];
    it[a] = it[b];
    it[b] = ti;
    double ts = s[a];
    s[a] = s[b];
    s[b] = ts;
  }
}
