package dev.mlpipe.trainer.stage;

import dev.mlpipe.trainer.retrain.FeedbackJoin;
import java.time.Instant;

/** The live feedback a retrain learns from. */
@FunctionalInterface
public interface FeedbackSource {

  /**
   * The model's feedback that occurred up to {@code upTo}, joined to the predictions it is about.
   * Bounding by the trigger's time, not by the moment of reading, makes a retrain repeated after a
   * crash read the same rows (unless feedback arrives late with an earlier time).
   */
  FeedbackJoin.Result ratings(String model, Instant upTo);
}
