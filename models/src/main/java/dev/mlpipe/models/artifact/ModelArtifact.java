package dev.mlpipe.models.artifact;

import dev.mlpipe.models.factor.FactorModel;
import java.util.Objects;

/**
 * A trained model as one self-contained value: its card and its parameters. Today every recipe that
 * reaches serving yields a factor model; tabular models add their own parameter kind here.
 */
public record ModelArtifact(ModelCard card, FactorModel factors) {

  public ModelArtifact {
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(factors, "factors");
  }
}
