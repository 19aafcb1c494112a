package dev.mlpipe.models.factor;

import dev.mlpipe.models.eval.RecommenderModel;
import java.util.Objects;

/**
 * A trained matrix factorisation: global mean, user and item biases and rank-k user and item
 * factors. A prediction is {@code mean + b_u + b_i + p_u . q_i}, clipped to the training data's
 * rating range; an unknown user or item contributes no bias and no factor term. Scores in plain
 * Java without allocating.
 */
public final class FactorModel implements RecommenderModel {

  private final double globalMean;
  private final double minRating;
  private final double maxRating;
  private final int rank;
  private final IdIndex users;
  private final IdIndex items;
  private final double[] userBias;
  private final double[] itemBias;
  private final double[] userFactors;
  private final double[] itemFactors;

  public FactorModel(
      double globalMean,
      double minRating,
      double maxRating,
      int rank,
      IdIndex users,
      IdIndex items,
      double[] userBias,
      double[] itemBias,
      double[] userFactors,
      double[] itemFactors) {
    this.globalMean = globalMean;
    this.minRating = minRating;
    this.maxRating = maxRating;
    this.rank = rank;
    this.users = Objects.requireNonNull(users, "users");
    this.items = Objects.requireNonNull(items, "items");
    this.userBias = userBias;
    this.itemBias = itemBias;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    if (userBias.length != users.size()
        || itemBias.length != items.size()
        || userFactors.length != users.size() * rank
        || itemFactors.length != items.size() * rank) {
      throw new IllegalArgumentException(
          "factor model arrays do not match "
              + users.size()
              + " users, "
              + items.size()
              + " items and rank "
              + rank);
    }
  }

  /**
   * A model from extracted parameters, e.g. a DL4J network's embeddings; arrays are copied. Factor
   * arrays are row-major: entry {@code (index, f)} at {@code index * rank + f}.
   */
  public static FactorModel of(
      double globalMean,
      double minRating,
      double maxRating,
      int rank,
      int[] sortedUserIds,
      int[] sortedItemIds,
      double[] userBias,
      double[] itemBias,
      double[] userFactors,
      double[] itemFactors) {
    return new FactorModel(
        globalMean,
        minRating,
        maxRating,
        rank,
        IdIndex.ofSorted(sortedUserIds),
        IdIndex.ofSorted(sortedItemIds),
        userBias.clone(),
        itemBias.clone(),
        userFactors.clone(),
        itemFactors.clone());
  }

  @Override
  public double predict(int userId, int itemId) {
    int u = users.indexOf(userId);
    int i = items.indexOf(itemId);
    double p = globalMean;
    if (u >= 0) {
      p += userBias[u];
    }
    if (i >= 0) {
      p += itemBias[i];
    }
    if (u >= 0 && i >= 0) {
      int uo = u * rank;
      int io = i * rank;
      for (int f = 0; f < rank; f++) {
        p += userFactors[uo + f] * itemFactors[io + f];
      }
    }
    return p < minRating ? minRating : Math.min(p, maxRating);
  }

  @Override
  public int[] catalogue() {
    return items.ids();
  }

  @Override
  public int[] users() {
    return users.ids();
  }

  @Override
  public double[] itemEmbedding(int itemId) {
    int i = items.indexOf(itemId);
    if (i < 0) {
      return null;
    }
    double[] v = new double[rank];
    System.arraycopy(itemFactors, i * rank, v, 0, rank);
    return v;
  }

  public double globalMean() {
    return globalMean;
  }

  public double minRating() {
    return minRating;
  }

  public double maxRating() {
    return maxRating;
  }

  public int rank() {
    return rank;
  }

  /** A copy of the user biases, in ascending user id order. */
  public double[] userBiases() {
    return userBias.clone();
  }

  /** A copy of the item biases, in ascending item id order. */
  public double[] itemBiases() {
    return itemBias.clone();
  }

  /** A copy of the user factors, row-major by ascending user id. */
  public double[] userFactors() {
    return userFactors.clone();
  }

  /** A copy of the item factors, row-major by ascending item id. */
  public double[] itemFactors() {
    return itemFactors.clone();
  }
}
