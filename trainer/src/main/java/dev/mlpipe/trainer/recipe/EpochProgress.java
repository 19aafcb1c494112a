package dev.mlpipe.trainer.recipe;

import java.time.Duration;
import java.util.Objects;

/**
 * Where training stands after an epoch: for progress bars and logs. {@code trainRmse} is the
 * training loss: the RMSE of a recommender, the mean binary cross-entropy or MSE (standardised
 * target) of an MLP.
 */
public record EpochProgress(int epoch, int epochs, double trainRmse, Duration epochDuration) {
  public EpochProgress {
    Objects.requireNonNull(epochDuration, "epochDuration");
  }

  /** Receives progress after each epoch; must return quickly. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = progress -> {};

    void onEpoch(EpochProgress progress);
  }
}
