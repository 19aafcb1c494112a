package dev.mlpipe.cli.simulate;

import java.util.Objects;
import java.util.Optional;

/**
 * One request of a traffic plan.
 *
 * @param index its place in the plan, from 0
 * @param dueNanos when to send it, in nanoseconds after the plan started
 * @param user the user to recommend for
 * @param drifted whether the user (and feedback) came from the drifted data
 * @param feedback the outcome to report for the answer, when this request gets feedback
 */
public record PlannedRequest(
    long index, long dueNanos, int user, boolean drifted, Optional<Outcome> feedback) {

  /**
   * What the user actually did: rated {@code item} with {@code rating}.
   *
   * @param item the rated item
   * @param rating the rating, 1 to 5
   */
  public record Outcome(int item, double rating) {}

  public PlannedRequest {
    if (index < 0 || dueNanos < 0) {
      throw new IllegalArgumentException(
          "index and dueNanos must be >= 0, were " + index + " and " + dueNanos);
    }
    Objects.requireNonNull(feedback, "feedback");
  }
}
