package dev.mlpipe.trainer.stage;

import dev.mlpipe.trainer.retrain.PipelineHistory;

/** The pipeline's history as the topics hold it now, for a retrain decision. */
@FunctionalInterface
public interface HistorySource extends AutoCloseable {

  /**
   * The history, brought up to date with every event committed before the call: the same instance
   * each time, so what {@link PipelineHistory#recordPending} recorded stays.
   */
  PipelineHistory current();

  @Override
  default void close() {}
}
