package dev.mlpipe.trainer.stage;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingTrigger;
import java.util.Objects;

/**
 * Why a run happens: the event that asked for it, the run id its events carry and the trigger they
 * name. A commit run keeps its commit event's run id; a retrain starts a run of its own, caused by
 * the drift event or the command.
 *
 * @param cause the event reacted to; its event id becomes the causation id
 * @param runId the run's id
 * @param trigger what TrainingStarted and TrainingFinished say started it
 */
public record RunCause(EventMeta cause, String runId, TrainingTrigger trigger) {

  public RunCause {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(trigger, "trigger");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank");
    }
  }

  /** A commit run: the commit event's own run. */
  public static RunCause commit(EventMeta commitMeta) {
    return new RunCause(commitMeta, commitMeta.getRunId(), TrainingTrigger.COMMIT);
  }
}
