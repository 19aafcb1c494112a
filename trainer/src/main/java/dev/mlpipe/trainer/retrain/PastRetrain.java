package dev.mlpipe.trainer.retrain;

import java.time.Instant;
import java.util.Objects;

/**
 * A retrain of a model that was started before the trigger now being decided.
 *
 * @param runId its run id
 * @param triggerEventId the event that asked for it (its events' causation id)
 * @param startedAt when it started
 * @param state how far it got
 */
public record PastRetrain(String runId, String triggerEventId, Instant startedAt, State state) {

  /** How far a retrain got, as far as this trainer can tell. */
  public enum State {
    /** TrainingStarted was published, no outcome is committed: it crashed or is being retried. */
    STARTED,
    /**
     * This trainer returned its outcome to be published; the transaction may still abort, in which
     * case the same trigger is handled again.
     */
    PENDING,
    /** Its TrainingFinished or TrainingFailed is committed. */
    COMMITTED
  }

  public PastRetrain {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(triggerEventId, "triggerEventId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(state, "state");
  }
}
