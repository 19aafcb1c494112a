package dev.mlpipe.trainer.spec;

import java.util.Objects;

/** One model the spec asks to train: a name unique in the spec, its recipe and hyper-parameters. */
public record CandidateSpec(String name, Recipe recipe, HyperParameters hyperParameters) {

  public CandidateSpec {
    TrainingSpec.requireName("candidate name", name);
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(hyperParameters, "hyperParameters");
    if (hyperParameters.recipe() != recipe) {
      throw new IllegalArgumentException(
          "candidate "
              + name
              + ": hyper-parameters are for recipe "
              + hyperParameters.recipe().id()
              + ", not "
              + recipe.id());
    }
  }
}
