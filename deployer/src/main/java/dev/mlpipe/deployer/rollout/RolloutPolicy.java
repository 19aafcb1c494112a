package dev.mlpipe.deployer.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the deployer rolls a validated model out.
 *
 * @param productionApproval whether production waits for {@code mlpipe approve RUN_ID} (manual) or
 *     goes on by itself (auto)
 * @param strategy canary steps or blue-green
 * @param canarySteps traffic percentages of the canary, ascending, ending at 100
 * @param stepInterval time between two canary checks
 * @param breachesToRollback consecutive breached checks that roll the canary back
 * @param thresholds what counts as a breach
 * @param watchWindow how long a version that reached 100 % replacing another keeps being checked,
 *     against what the replaced version served, before its rollout ends; a breach there rolls back
 *     too. Zero: no watch
 */
public record RolloutPolicy(
    boolean productionApproval,
    Strategy strategy,
    List<Integer> canarySteps,
    Duration stepInterval,
    int breachesToRollback,
    CanaryThresholds thresholds,
    Duration watchWindow) {

  public RolloutPolicy {
    Objects.requireNonNull(strategy, "strategy");
    canarySteps = List.copyOf(Objects.requireNonNull(canarySteps, "canarySteps"));
    if (canarySteps.isEmpty() || canarySteps.get(canarySteps.size() - 1) != 100) {
      throw new IllegalArgumentException(
          "canary steps must end at 100 (percent of traffic), were " + canarySteps);
    }
    int previous = 0;
    for (int step : canarySteps) {
      if (step <= previous || step > 100) {
        throw new IllegalArgumentException(
            "canary steps must rise strictly within 1-100, were " + canarySteps);
      }
      previous = step;
    }
    Objects.requireNonNull(stepInterval, "stepInterval");
    if (stepInterval.isNegative() || stepInterval.isZero()) {
      throw new IllegalArgumentException("canary interval must be positive, was " + stepInterval);
    }
    if (breachesToRollback < 1) {
      throw new IllegalArgumentException(
          "canary breaches-to-rollback must be >= 1, was " + breachesToRollback);
    }
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(watchWindow, "watchWindow");
    if (watchWindow.isNegative()) {
      throw new IllegalArgumentException(
          "canary watch window must be >= 0 (0 = no watch), was " + watchWindow);
    }
  }

  /**
   * Canary 5, 10, 25, 50, 100 % every minute, two breaches in a row roll back, five minutes of
   * watch after 100 %.
   */
  public static RolloutPolicy defaults(boolean productionApproval) {
    return new RolloutPolicy(
        productionApproval,
        Strategy.CANARY,
        List.of(5, 10, 25, 50, 100),
        Duration.ofMinutes(1),
        2,
        CanaryThresholds.defaults(),
        Duration.ofMinutes(5));
  }

  /**
   * The longest a rollout serves before it ends: every step held for its breaches in a row, the
   * watch window, and an interval of slack for late checks. Online quality is kept (and rebuilt
   * after a restart) this far back.
   */
  public Duration longestRollout() {
    return stepInterval
        .multipliedBy((long) canarySteps.size() * breachesToRollback + 1)
        .plus(watchWindow);
  }

  public RolloutPolicy withStepInterval(Duration interval) {
    return new RolloutPolicy(
        productionApproval,
        strategy,
        canarySteps,
        interval,
        breachesToRollback,
        thresholds,
        watchWindow);
  }

  public RolloutPolicy withStrategy(Strategy strategy) {
    return new RolloutPolicy(
        productionApproval,
        strategy,
        canarySteps,
        stepInterval,
        breachesToRollback,
        thresholds,
        watchWindow);
  }

  public RolloutPolicy withWatchWindow(Duration window) {
    return new RolloutPolicy(
        productionApproval,
        strategy,
        canarySteps,
        stepInterval,
        breachesToRollback,
        thresholds,
        window);
  }

  public RolloutPolicy withThresholds(CanaryThresholds thresholds) {
    return new RolloutPolicy(
        productionApproval,
        strategy,
        canarySteps,
        stepInterval,
        breachesToRollback,
        thresholds,
        watchWindow);
  }
}
