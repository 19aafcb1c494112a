package dev.mlpipe.trainer.stage;

import dev.mlpipe.schemas.TrainingStarted;

/**
 * Publishes TrainingStarted at once, outside the transaction that will carry the run's outcome, so
 * it is visible while the model trains. A run repeated after a crash publishes it again (same
 * runId, new eventId); the outcome is published exactly once.
 */
@FunctionalInterface
public interface StartedPublisher extends AutoCloseable {

  /** Publishes the event keyed by its model; returns once the broker has it or gave up. */
  void publish(TrainingStarted started);

  @Override
  default void close() {}
}
