package dev.mlpipe.trainer.retrain;

import java.util.Objects;

/** Whether a trigger retrains the deployed model, and if not, why. */
public sealed interface RetrainDecision {

  /**
   * Train the deployed version's spec again.
   *
   * @param runId the new run's id (derived from the trigger's idempotency key)
   * @param deployedVersion the version serving production, which the new run would replace
   * @param source where its spec lives
   */
  record Retrain(String runId, String deployedVersion, ModelSource source)
      implements RetrainDecision {
    public Retrain {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(deployedVersion, "deployedVersion");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Do nothing.
   *
   * @param reason the kind of reason
   * @param message the reason for a person, naming the model
   */
  record Skip(SkipReason reason, String message) implements RetrainDecision {
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a trigger does not retrain. */
  enum SkipReason {
    /** The model was already retrained for this drift window or this command. */
    DUPLICATE,
    /** The model was retrained less than the cooldown ago. */
    COOLDOWN,
    /** No version of the model serves production. */
    NOTHING_DEPLOYED,
    /** A version serves, but the events that say where its spec lives are unknown. */
    SOURCE_UNKNOWN
  }
}
