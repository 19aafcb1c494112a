package dev.mlpipe.models.eval;

import dev.mlpipe.models.data.RatingTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates a recommender on a holdout: RMSE and MAE of its rating predictions, and the quality of
 * its top-10 lists. Deterministic: ties in score go to the lower item id.
 */
public final class RecommenderEvaluator {

  /** The list length of the ranking metrics. */
  public static final int K = 10;

  /** A held-out rating at or above this is a relevant item. */
  public static final double RELEVANT_RATING = 4.0;

  private RecommenderEvaluator() {}

  /** The rating-error metrics of a model on rows; NaN for no rows. */
  public record RatingErrors(double rmse, double mae) {}

  /**
   * RMSE and MAE over every row, summed in row order: the one computation both the trainer's
   * evaluation and the gatekeeper's re-computation use, so an honest trainer's numbers are matched
   * to the last bit.
   */
  public static RatingErrors ratingErrors(RecommenderModel model, RatingTable rows) {
    double squared = 0;
    double absolute = 0;
    for (int row = 0; row < rows.size(); row++) {
      double err = rows.rating(row) - model.predict(rows.user(row), rows.item(row));
      squared += err * err;
      absolute += Math.abs(err);
    }
    return new RatingErrors(Math.sqrt(squared / rows.size()), absolute / rows.size());
  }

  public static RecommenderMetrics evaluate(
      RecommenderModel model, RatingTable train, RatingTable holdout) {
    Objects.requireNonNull(model, "model");
    if (holdout.size() == 0) {
      throw new IllegalArgumentException("cannot evaluate on an empty holdout");
    }
    RatingErrors errors = ratingErrors(model, holdout);
    double rmse = errors.rmse();
    double mae = errors.mae();

    int[] catalogue = model.catalogue();
    Map<Integer, Integer> itemIndex = new HashMap<>();
    for (int k = 0; k < catalogue.length; k++) {
      itemIndex.put(catalogue[k], k);
    }
    Set<Integer> knownUsers = new HashSet<>();
    for (int id : model.users()) {
      knownUsers.add(id);
    }
    Map<Integer, BitSet> seen = new HashMap<>();
    for (int row = 0; row < train.size(); row++) {
      Integer i = itemIndex.get(train.item(row));
      if (i != null) {
        seen.computeIfAbsent(train.user(row), u -> new BitSet(catalogue.length)).set(i);
      }
    }
    Map<Integer, Set<Integer>> relevant = new HashMap<>();
    for (int row = 0; row < holdout.size(); row++) {
      if (holdout.rating(row) >= RELEVANT_RATING && knownUsers.contains(holdout.user(row))) {
        relevant.computeIfAbsent(holdout.user(row), u -> new HashSet<>()).add(holdout.item(row));
      }
    }
    int[] rankedUsers = relevant.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();

    double[][] embeddings = new double[catalogue.length][];
    boolean haveEmbeddings = catalogue.length > 0;
    for (int k = 0; k < catalogue.length; k++) {
      embeddings[k] = model.itemEmbedding(catalogue[k]);
      haveEmbeddings &= embeddings[k] != null;
    }

    double precision = 0;
    double recall = 0;
    double ndcg = 0;
    double diversity = 0;
    int diversityLists = 0;
    BitSet recommended = new BitSet(catalogue.length);
    double[] scores = new double[catalogue.length];
    for (int user : rankedUsers) {
      BitSet excluded = seen.getOrDefault(user, new BitSet());
      for (int k = 0; k < catalogue.length; k++) {
        scores[k] = excluded.get(k) ? Double.NEGATIVE_INFINITY : model.predict(user, catalogue[k]);
      }
      int[] top = topK(scores, excluded, K);
      Set<Integer> rel = relevant.get(user);
      int hits = 0;
      double dcg = 0;
      for (int pos = 0; pos < top.length; pos++) {
        recommended.set(top[pos]);
        if (rel.contains(catalogue[top[pos]])) {
          hits++;
          dcg += 1.0 / log2(pos + 2);
        }
      }
      double idcg = 0;
      for (int pos = 0; pos < Math.min(rel.size(), K); pos++) {
        idcg += 1.0 / log2(pos + 2);
      }
      precision += (double) hits / K;
      recall += (double) hits / rel.size();
      ndcg += dcg / idcg;
      if (haveEmbeddings && top.length > 1) {
        diversity += 1.0 - meanPairwiseCosine(top, embeddings);
        diversityLists++;
      }
    }
    int n = rankedUsers.length;
    return new RecommenderMetrics(
        rmse,
        mae,
        n == 0 ? 0 : precision / n,
        n == 0 ? 0 : recall / n,
        n == 0 ? 0 : ndcg / n,
        catalogue.length == 0 ? 0 : (double) recommended.cardinality() / catalogue.length,
        diversityLists == 0 ? Double.NaN : diversity / diversityLists,
        holdout.size(),
        n);
  }

  /** Indexes of the k highest scores not excluded, best first; ties to the lower index. */
  static int[] topK(double[] scores, BitSet excluded, int k) {
    List<Integer> best = new ArrayList<>(k + 1);
    for (int i = 0; i < scores.length; i++) {
      if (excluded.get(i)) {
        continue;
      }
      if (best.size() == k && scores[i] <= scores[best.get(k - 1)]) {
        continue;
      }
      int pos = best.size();
      while (pos > 0 && scores[i] > scores[best.get(pos - 1)]) {
        pos--;
      }
      best.add(pos, i);
      if (best.size() > k) {
        best.remove(k);
      }
    }
    return best.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double meanPairwiseCosine(int[] list, double[][] embeddings) {
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < list.length; a++) {
      for (int b = a + 1; b < list.length; b++) {
        sum += cosine(embeddings[list[a]], embeddings[list[b]]);
        pairs++;
      }
    }
    return sum / pairs;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int f = 0; f < a.length; f++) {
      dot += a[f] * b[f];
      na += a[f] * a[f];
      nb += b[f] * b[f];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** For tests: the ids of the top-k list a model gives a user, excluding {@code seenItems}. */
  static int[] recommend(RecommenderModel model, int user, Set<Integer> seenItems, int k) {
    int[] catalogue = model.catalogue();
    double[] scores = new double[catalogue.length];
    BitSet excluded = new BitSet(catalogue.length);
    for (int i = 0; i < catalogue.length; i++) {
      scores[i] = model.predict(user, catalogue[i]);
      if (seenItems.contains(catalogue[i])) {
        excluded.set(i);
      }
    }
    return Arrays.stream(topK(scores, excluded, k)).map(i -> catalogue[i]).toArray();
  }
}
