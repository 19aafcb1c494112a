package dev.mlpipe.models.eval;

/**
 * What evaluation needs from a trained recommender: a rating prediction for any (user, item) pair
 * of the data's own ids, the catalogue it can recommend from, and, for diversity, an embedding per
 * item.
 */
public interface RecommenderModel {

  /** The predicted rating; users or items the model has not seen get its best fallback. */
  double predict(int userId, int itemId);

  /** The item ids the model knows, in ascending order. */
  int[] catalogue();

  /** The user ids the model knows, in ascending order. */
  int[] users();

  /** The item's embedding for similarity, or null when the model has none for it. */
  double[] itemEmbedding(int itemId);
}
