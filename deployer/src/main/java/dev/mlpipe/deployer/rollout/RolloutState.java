package dev.mlpipe.deployer.rollout;

import dev.mlpipe.deployer.registry.ModelHistory;
import java.util.Objects;

/**
 * Everything the deployer keeps about one model between events: the registry entry folded from the
 * events it published, the rollout in progress, and the next one waiting behind it.
 *
 * @param registry the model's registry entry
 * @param active the rollout in progress, null when none
 * @param queued a validated version waiting for the active rollout to end, null when none
 */
public record RolloutState(ModelHistory registry, Rollout active, Rollout queued) {

  public RolloutState {
    Objects.requireNonNull(registry, "registry");
  }

  /** A model the deployer has not seen. */
  public static RolloutState empty(String model) {
    return new RolloutState(ModelHistory.empty(model), null, null);
  }

  /** Whether a canary check is due at the time. */
  public boolean isCheckDue(long nowMillis) {
    return active != null && active.isServing() && nowMillis >= active.nextCheckAtMillis();
  }
}
