package dev.mlpipe.models.artifact;

import dev.mlpipe.models.factor.FactorModel;
import dev.mlpipe.models.mlp.MlpModel;
import java.util.Objects;

/**
 * A trained model as one self-contained value: its card and its parameters, either a factor model
 * (recommenders) or a multi-layer perceptron (tabular classifiers and regressors); exactly one of
 * {@code factors} and {@code mlp} is present.
 */
public record ModelArtifact(ModelCard card, FactorModel factors, MlpModel mlp) {

  public ModelArtifact {
    Objects.requireNonNull(card, "card");
    if ((factors == null) == (mlp == null)) {
      throw new IllegalArgumentException(
          "an artifact holds exactly one model: factors or an MLP, not "
              + (factors == null ? "neither" : "both"));
    }
  }

  /** A recommender's artifact. */
  public ModelArtifact(ModelCard card, FactorModel factors) {
    this(card, Objects.requireNonNull(factors, "factors"), null);
  }

  /** A tabular model's artifact. */
  public static ModelArtifact tabular(ModelCard card, MlpModel mlp) {
    return new ModelArtifact(card, null, Objects.requireNonNull(mlp, "mlp"));
  }

  /** Whether the artifact holds a tabular model (an MLP) rather than factors. */
  public boolean isTabular() {
    return mlp != null;
  }
}
