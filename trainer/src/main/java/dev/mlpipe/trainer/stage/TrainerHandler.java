package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.runtime.InputEvent;
import dev.mlpipe.events.runtime.StageHandler;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.trainer.retrain.RetrainTrigger;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the trainer's inputs: a commit to the {@link CommitHandler}; a DriftDetected of severity
 * DRIFT and a Retrain command to the {@link RetrainHandler}. Drift warnings and the other commands
 * (approve, rollback, promote: the deployer's) ask nothing of the trainer.
 */
public final class TrainerHandler implements StageHandler<SpecificRecord, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(TrainerHandler.class);

  private final CommitHandler commits;
  private final RetrainHandler retrains;

  public TrainerHandler(CommitHandler commits, RetrainHandler retrains) {
    this.commits = Objects.requireNonNull(commits, "commits");
    this.retrains = Objects.requireNonNull(retrains, "retrains");
  }

  @Override
  public List<ProducerRecord<String, SpecificRecord>> handle(InputEvent<SpecificRecord> event)
      throws InterruptedException {
    SpecificRecord value = event.value();
    if (value == null) {
      return List.of(); // a tombstone asks for nothing
    }
    if (value instanceof CommitPushed commit) {
      return commits.handle(
          new InputEvent<>(
              event.topic(),
              event.partition(),
              event.offset(),
              event.key(),
              commit,
              event.headers(),
              event.timestamp()));
    }
    if (value instanceof DriftDetected drift) {
      if (drift.getSeverity() != DriftSeverity.DRIFT) {
        log.info(
            "model {}: {} drift {} of version {} in window [{}, {}) is a warning, no retrain",
            drift.getModel(),
            drift.getKind(),
            drift.getMeta().getEventId(),
            drift.getVersion(),
            drift.getWindowStart(),
            drift.getWindowEnd());
        return List.of();
      }
      return retrains.handle(
          new RetrainTrigger.Drift(
              drift.getMeta(),
              drift.getModel(),
              drift.getWindowStart(),
              drift.getWindowEnd(),
              drift.getKind().name(),
              event.position()));
    }
    if (value instanceof PipelineCommand command) {
      if (command.getCommand() instanceof Retrain retrain) {
        return retrains.handle(
            new RetrainTrigger.Command(
                command.getMeta(),
                command.getModel(),
                retrain.getReason(),
                command.getRequestedBy(),
                event.position()));
      }
      return List.of(); // the deployer's commands
    }
    throw new IllegalArgumentException(
        "the trainer does not consume "
            + value.getSchema().getFullName()
            + " (read from "
            + event.position()
            + "); its inputs are CommitPushed, DriftDetected and PipelineCommand");
  }
}
