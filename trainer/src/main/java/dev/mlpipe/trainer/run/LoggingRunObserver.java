package dev.mlpipe.trainer.run;

import dev.mlpipe.trainer.recipe.EpochProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a run's progress: data and candidates at INFO, epochs at DEBUG. */
public final class LoggingRunObserver implements RunObserver {

  private static final Logger log = LoggerFactory.getLogger(LoggingRunObserver.class);

  @Override
  public void onData(int trainRows, int holdoutRows, String dataHash) {
    log.info("data {}: {} training rows, {} holdout rows", dataHash, trainRows, holdoutRows);
  }

  @Override
  public void onCandidateStarted(String candidate, String recipe, int index, int count) {
    log.info("training candidate {} ({}), {} of {}", candidate, recipe, index + 1, count);
  }

  @Override
  public void onEpoch(String candidate, EpochProgress progress) {
    log.debug(
        "candidate {} epoch {}/{}: train rmse {}",
        candidate,
        progress.epoch(),
        progress.epochs(),
        progress.trainRmse());
  }

  @Override
  public void onCandidateEvaluated(CandidateReport report) {
    log.info("candidate {} evaluated: {}", report.name(), report.metrics());
  }
}
