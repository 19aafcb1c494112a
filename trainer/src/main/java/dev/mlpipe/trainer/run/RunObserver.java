package dev.mlpipe.trainer.run;

import dev.mlpipe.trainer.recipe.EpochProgress;

/**
 * Follows a training run, for progress bars and logs. Called on the training thread: must return
 * quickly; an exception it throws ends the run as a failure of its phase.
 */
public interface RunObserver {

  RunObserver NONE = new RunObserver() {};

  /** The data is loaded and split. */
  default void onData(int trainRows, int holdoutRows, String dataHash) {}

  /** Training of a candidate begins. */
  default void onCandidateStarted(String candidate, String recipe, int index, int count) {}

  /** A candidate finished an epoch. */
  default void onEpoch(String candidate, EpochProgress progress) {}

  /** A candidate was trained and evaluated. */
  default void onCandidateEvaluated(CandidateReport report) {}
}
