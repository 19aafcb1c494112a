package dev.mlpipe.trainer.recipe;

import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;

/**
 * Settings of the Deeplearning4j embedding matrix factorisation; see {@link
 * Dl4jMatrixFactorization}.
 */
public record Dl4jMfConfig(
    int rank,
    int epochs,
    double learningRate,
    double regularization,
    int batchSize,
    int maxStepsPerEpoch,
    long seed) {

  /** Settings whose batch is {@code batchSize} whatever the data's size. */
  public Dl4jMfConfig(
      int rank, int epochs, double learningRate, double regularization, int batchSize, long seed) {
    this(rank, epochs, learningRate, regularization, batchSize, 0, seed);
  }

  public Dl4jMfConfig {
    if (rank < 1) {
      throw new IllegalArgumentException("rank " + rank + " must be at least 1");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate " + learningRate + " is not in (0, 1]");
    }
    if (!(regularization >= 0)) {
      throw new IllegalArgumentException("regularization " + regularization + " is negative");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize " + batchSize + " must be at least 1");
    }
    if (maxStepsPerEpoch < 0) {
      throw new IllegalArgumentException(
          "maxStepsPerEpoch " + maxStepsPerEpoch + " must be 0 (no cap) or more");
    }
  }

  /**
   * The rows per step for {@code rows} training rows: {@code batchSize}, grown so that an epoch
   * takes at most {@code maxStepsPerEpoch} steps (when that is not 0), and at most all rows.
   */
  public int batchFor(int rows) {
    long batch = batchSize;
    if (maxStepsPerEpoch > 0) {
      batch = Math.max(batch, (rows + (long) maxStepsPerEpoch - 1) / maxStepsPerEpoch);
    }
    return (int) Math.max(1, Math.min(batch, rows));
  }

  /** The settings of a {@code recommender-mf} candidate, seeded by the spec's seed. */
  public static Dl4jMfConfig from(HyperParameters hyperParameters, long seed) {
    if (hyperParameters.recipe() != Recipe.RECOMMENDER_MF) {
      throw new IllegalArgumentException(
          "hyper-parameters of recipe "
              + hyperParameters.recipe().id()
              + " given to "
              + Recipe.RECOMMENDER_MF.id());
    }
    return new Dl4jMfConfig(
        hyperParameters.intValue("rank"),
        hyperParameters.intValue("epochs"),
        hyperParameters.doubleValue("learningRate"),
        hyperParameters.doubleValue("regularization"),
        hyperParameters.intValue("batchSize"),
        hyperParameters.intValue("maxStepsPerEpoch"),
        seed);
  }
}
