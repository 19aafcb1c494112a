package dev.mlpipe.trainer.recipe;

/** Training produced a non-finite loss; the message says at which epoch and what to change. */
public final class TrainingDivergedException extends Exception {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
