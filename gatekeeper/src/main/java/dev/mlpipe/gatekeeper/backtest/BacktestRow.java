package dev.mlpipe.gatekeeper.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One past candidate under the proposed policy.
 *
 * @param oldPassed the verdict published then; empty when none was found
 * @param newPassed the verdict the proposed policy gives
 * @param flips the checks whose outcome changes
 */
public record BacktestRow(
    String model,
    String version,
    Instant trainedAt,
    Optional<Boolean> oldPassed,
    boolean newPassed,
    List<Flip> flips) {

  public BacktestRow {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(trainedAt, "trainedAt");
    Objects.requireNonNull(oldPassed, "oldPassed");
    flips = List.copyOf(flips);
  }

  /** True when the verdict itself changes. */
  public boolean verdictFlips() {
    return oldPassed.isPresent() && oldPassed.get() != newPassed;
  }
}
