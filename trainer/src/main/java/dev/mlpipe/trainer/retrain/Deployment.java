package dev.mlpipe.trainer.retrain;

import java.util.Objects;
import java.util.Optional;

/** What serves a model's production traffic, as far as the pipeline's events tell. */
public sealed interface Deployment {

  /** No version of the model has served production. */
  record None() implements Deployment {}

  /**
   * A version serves production.
   *
   * @param version its label
   * @param source where its spec lives; empty when the events that trained it are unknown (e.g.
   *     published before the topics' retention, or by hand)
   */
  record Serving(String version, Optional<ModelSource> source) implements Deployment {
    public Serving {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(source, "source");
    }
  }
}
