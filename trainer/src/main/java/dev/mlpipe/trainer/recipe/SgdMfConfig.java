package dev.mlpipe.trainer.recipe;

import dev.mlpipe.trainer.spec.HyperParameters;
import dev.mlpipe.trainer.spec.Recipe;

/** Settings of the SGD matrix factorisation; see {@link SgdMatrixFactorization}. */
public record SgdMfConfig(
    int rank, int epochs, double learningRate, double regularization, double initStd, long seed) {

  public SgdMfConfig {
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
    if (!(initStd >= 0)) {
      throw new IllegalArgumentException("initStd " + initStd + " is negative");
    }
  }

  /** The settings of a {@code recommender-sgd-mf} candidate, seeded by the spec's seed. */
  public static SgdMfConfig from(HyperParameters hyperParameters, long seed) {
    if (hyperParameters.recipe() != Recipe.RECOMMENDER_SGD_MF) {
      throw new IllegalArgumentException(
          "hyper-parameters of recipe "
              + hyperParameters.recipe().id()
              + " given to "
              + Recipe.RECOMMENDER_SGD_MF.id());
    }
    return new SgdMfConfig(
        hyperParameters.intValue("rank"),
        hyperParameters.intValue("epochs"),
        hyperParameters.doubleValue("learningRate"),
        hyperParameters.doubleValue("regularization"),
        hyperParameters.doubleValue("initStd"),
        seed);
  }
}
