package dev.mlpipe.trainer.retrain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A retrain of a model that was started before the trigger now being decided.
 *
 * @param runId its run id
 * @param triggerEventId the event that asked for it (its events' causation id)
 * @param startedAt when it started
 * @param state how far it got
 * @param input where this trainer read the trigger ({@code topic-partition@offset}) when the
 *     retrain is {@link State#PENDING}: a trigger read again at the same place is the retry of an
 *     aborted transaction, the same event read elsewhere is a copy published twice
 */
public record PastRetrain(
    String runId, String triggerEventId, Instant startedAt, State state, Optional<String> input) {

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
    Objects.requireNonNull(input, "input");
  }

  /** A retrain known from the topics, not from this trainer's own pending work. */
  public PastRetrain(String runId, String triggerEventId, Instant startedAt, State state) {
    this(runId, triggerEventId, startedAt, state, Optional.empty());
  }
}
