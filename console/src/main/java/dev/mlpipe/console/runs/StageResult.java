package dev.mlpipe.console.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stage of a run.
 *
 * @param stage which stage
 * @param start when its input arrived (or it reported starting)
 * @param end when its verdict came; empty while it runs
 * @param outcome where it stands
 * @param detail one line for a person, e.g. {@code version v3, sgd-mf} or the failure reason
 */
public record StageResult(
    StageName stage, Instant start, Optional<Instant> end, Outcome outcome, String detail) {

  public StageResult {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    if (end.isPresent() && end.get().isBefore(start)) {
      throw new IllegalArgumentException(
          stage.label() + ": end " + end.get() + " is before start " + start);
    }
  }

  /** How long the stage took; empty while it runs. */
  public Optional<Duration> duration() {
    return end.map(e -> Duration.between(start, e));
  }
}
