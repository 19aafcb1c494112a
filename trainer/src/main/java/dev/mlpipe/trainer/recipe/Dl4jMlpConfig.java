package dev.mlpipe.trainer.recipe;

import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.trainer.spec.HyperParameters;

/** Settings of the Deeplearning4j multi-layer perceptron; see {@link Dl4jMlp}. */
public record Dl4jMlpConfig(
    int hiddenUnits,
    int hiddenLayers,
    int epochs,
    double learningRate,
    double l2,
    int batchSize,
    long seed) {

  public Dl4jMlpConfig {
    if (hiddenUnits < 1 || hiddenLayers < 1) {
      throw new IllegalArgumentException(
          "hiddenUnits " + hiddenUnits + " and hiddenLayers " + hiddenLayers + " must be >= 1");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate " + learningRate + " is not in (0, 1]");
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("l2 " + l2 + " is negative");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize " + batchSize + " must be at least 1");
    }
  }

  /** The settings of a {@code classifier-mlp} or {@code regressor-mlp} candidate. */
  public static Dl4jMlpConfig from(HyperParameters hyperParameters, long seed) {
    ModelKind kind = hyperParameters.recipe().kind();
    if (kind != ModelKind.CLASSIFIER && kind != ModelKind.REGRESSOR) {
      throw new IllegalArgumentException(
          "hyper-parameters of recipe "
              + hyperParameters.recipe().id()
              + " given to a tabular MLP recipe");
    }
    return new Dl4jMlpConfig(
        hyperParameters.intValue("hiddenUnits"),
        hyperParameters.intValue("hiddenLayers"),
        hyperParameters.intValue("epochs"),
        hyperParameters.doubleValue("learningRate"),
        hyperParameters.doubleValue("l2"),
        hyperParameters.intValue("batchSize"),
        seed);
  }
}
