package dev.mlpipe.trainer.retrain;

import dev.mlpipe.trainer.retrain.RetrainDecision.Retrain;
import dev.mlpipe.trainer.retrain.RetrainDecision.Skip;
import dev.mlpipe.trainer.retrain.RetrainDecision.SkipReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a trigger retrains the model serving production. In order:
 *
 * <ol>
 *   <li>once per key: a retrain with the trigger's run id (same model and drift window, or the same
 *       command event) that is committed, or that this trainer has returned for another trigger or
 *       for a copy of this event read elsewhere, makes it a duplicate. The same record read again
 *       at the same place is the retry of an aborted transaction and runs again, in the same run;
 *       so does a trigger whose earlier attempt only got as far as TrainingStarted (a crash);
 *   <li>something must serve production, and where its spec lives must be known;
 *   <li>drift retrains at most once per cooldown per model, counted from the start of the model's
 *       last retrain (by drift or command, however it ended). A Retrain command is a person's
 *       explicit request and is not held back by the cooldown.
 * </ol>
 *
 * Pure: the caller supplies what the topics say; the clock is injected.
 */
public final class RetrainPolicy {

  private final Duration cooldown;
  private final Clock clock;

  /**
   * @param cooldown least time between the starts of two drift retrains of one model; zero for none
   * @param clock now
   */
  public RetrainPolicy(Duration cooldown, Clock clock) {
    this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("retrain cooldown must not be negative, was " + cooldown);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Duration cooldown() {
    return cooldown;
  }

  /**
   * Decides.
   *
   * @param trigger what asks for the retrain
   * @param deployment what serves the trigger's model in production
   * @param past the model's retrains so far
   */
  public RetrainDecision decide(
      RetrainTrigger trigger, Deployment deployment, List<PastRetrain> past) {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(past, "past");
    String model = trigger.model();
    String runId = trigger.runId();
    for (PastRetrain retrain : past) {
      if (!retrain.runId().equals(runId)) {
        continue;
      }
      boolean retry =
          retrain.state() == PastRetrain.State.PENDING
              && retrain.triggerEventId().equals(trigger.eventId())
              && retrain.input().equals(Optional.of(trigger.input()));
      if (!retry && retrain.state() != PastRetrain.State.STARTED) {
        return new Skip(
            SkipReason.DUPLICATE,
            "model "
                + model
                + " was already retrained for "
                + (trigger instanceof RetrainTrigger.Drift ? "this drift window" : "this command")
                + " (run "
                + runId
                + ", asked by event "
                + retrain.triggerEventId()
                + ")");
      }
    }
    if (deployment instanceof Deployment.None) {
      return new Skip(
          SkipReason.NOTHING_DEPLOYED,
          "model " + model + " has no version in production, so there is nothing to retrain");
    }
    Deployment.Serving serving = (Deployment.Serving) deployment;
    if (serving.source().isEmpty()) {
      return new Skip(
          SkipReason.SOURCE_UNKNOWN,
          "model "
              + model
              + " serves version "
              + serving.version()
              + " in production, but no TrainingFinished and CommitPushed say which repository,"
              + " commit and spec it was trained from; publish a commit of the model instead");
    }
    if (trigger instanceof RetrainTrigger.Drift && !cooldown.isZero()) {
      Instant now = clock.instant();
      Optional<PastRetrain> last =
          past.stream()
              .filter(p -> !p.triggerEventId().equals(trigger.eventId()))
              .max(Comparator.comparing(PastRetrain::startedAt));
      if (last.isPresent() && now.isBefore(last.get().startedAt().plus(cooldown))) {
        return new Skip(
            SkipReason.COOLDOWN,
            "model "
                + model
                + " was last retrained at "
                + last.get().startedAt()
                + " (run "
                + last.get().runId()
                + "); the retrain cooldown of "
                + cooldown
                + " lets the next one start at "
                + last.get().startedAt().plus(cooldown));
      }
    }
    return new Retrain(runId, serving.version(), serving.source().get());
  }
}
