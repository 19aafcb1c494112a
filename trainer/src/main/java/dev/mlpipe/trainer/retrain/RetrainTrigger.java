package dev.mlpipe.trainer.retrain;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event that asks for the deployed model to be trained again. Each kind has an idempotency key
 * from which the retrain's run id is derived, so handling the same trigger again (after a crash or
 * an aborted transaction) is the same run, labels the model the same and yields one outcome.
 */
public sealed interface RetrainTrigger {

  /** The event that asked; the retrain's events name it as their causation. */
  EventMeta cause();

  /** The model to retrain. */
  String model();

  /** The run id of the retrain, derived from the idempotency key only. */
  String runId();

  /** What TrainingStarted and TrainingFinished say started the run. */
  TrainingTrigger trigger();

  /** For log lines: what asked. */
  String describe();

  /** Where the trigger was read, {@code topic-partition@offset}. */
  String input();

  /** The id of the event that asked. */
  default String eventId() {
    return cause().getEventId();
  }

  /**
   * A DriftDetected of the DRIFT severity. Key: the model and the window, so drift of several kinds
   * in one window (data, prediction, performance) retrains once.
   *
   * @param kind the drift's kind, for log lines
   */
  record Drift(
      EventMeta cause,
      String model,
      Instant windowStart,
      Instant windowEnd,
      String kind,
      String input)
      implements RetrainTrigger {

    public Drift {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(windowStart, "windowStart");
      Objects.requireNonNull(windowEnd, "windowEnd");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(input, "input");
      if (windowEnd.isBefore(windowStart)) {
        throw new IllegalArgumentException(
            "drift window of "
                + model
                + " ends ("
                + windowEnd
                + ") before it starts ("
                + windowStart
                + ")");
      }
    }

    @Override
    public String runId() {
      return nameUuid(
          "drift:" + model + ":" + windowStart.toEpochMilli() + ":" + windowEnd.toEpochMilli());
    }

    @Override
    public TrainingTrigger trigger() {
      return TrainingTrigger.DRIFT;
    }

    @Override
    public String describe() {
      return kind
          + " drift in window ["
          + windowStart
          + ", "
          + windowEnd
          + ") (event "
          + eventId()
          + ")";
    }
  }

  /**
   * A Retrain command from a person or a tool. Key: the command event, so a command published once
   * retrains once, however often it is handled.
   */
  record Command(EventMeta cause, String model, String reason, String requestedBy, String input)
      implements RetrainTrigger {

    public Command {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(requestedBy, "requestedBy");
      Objects.requireNonNull(input, "input");
    }

    @Override
    public String runId() {
      return nameUuid("retrain-command:" + cause.getEventId());
    }

    @Override
    public TrainingTrigger trigger() {
      return TrainingTrigger.RETRAIN_COMMAND;
    }

    @Override
    public String describe() {
      return "Retrain command by " + requestedBy + " (" + reason + ", event " + eventId() + ")";
    }
  }

  private static String nameUuid(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
