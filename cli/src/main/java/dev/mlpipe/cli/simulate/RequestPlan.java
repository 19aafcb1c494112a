package dev.mlpipe.cli.simulate;

import dev.mlpipe.models.data.RatingTable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What traffic to send, without sending it: request {@code i} is due at {@code i / rate} seconds;
 * its user is the user of a random row of the rating data (so active users ask more often, as in
 * the data a model trained on), drawn from the drifted data while drift is on; a share of the
 * requests carries that row's item and rating as feedback. The same seed gives the same plan.
 */
public final class RequestPlan {

  private final double rate;
  private final double feedbackShare;
  private final RatingTable normal;
  private final RatingTable drifted;
  private final SplittableRandom random;
  private long next;

  /**
   * @param rate requests per second, above 0
   * @param feedbackShare the share of requests that get feedback, 0 to 1
   * @param normal the data users and outcomes come from without drift
   * @param drifted the data they come from while drift is on (may be {@code normal})
   * @param seed the seed of the draws
   */
  public RequestPlan(
      double rate, double feedbackShare, RatingTable normal, RatingTable drifted, long seed) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--rate must be above 0 requests/s, was " + rate);
    }
    if (!(feedbackShare >= 0 && feedbackShare <= 1)) {
      throw new IllegalArgumentException(
          "--feedback-share must be between 0 and 1, was " + feedbackShare);
    }
    this.rate = rate;
    this.feedbackShare = feedbackShare;
    this.normal = requireRows(normal, "normal");
    this.drifted = requireRows(drifted, "drifted");
    this.random = new SplittableRandom(seed);
  }

  private static RatingTable requireRows(RatingTable table, String name) {
    Objects.requireNonNull(table, name);
    if (table.size() == 0) {
      throw new IllegalArgumentException("the " + name + " data has no rows to draw users from");
    }
    return table;
  }

  /** The next request; {@code drift} says whether drift is on at the moment it is due. */
  public PlannedRequest next(boolean drift) {
    long index = next++;
    RatingTable data = drift ? drifted : normal;
    int row = random.nextInt(data.size());
    boolean withFeedback = random.nextDouble() < feedbackShare;
    Optional<PlannedRequest.Outcome> feedback =
        withFeedback
            ? Optional.of(new PlannedRequest.Outcome(data.item(row), data.rating(row)))
            : Optional.empty();
    return new PlannedRequest(index, dueNanos(index), data.user(row), drift, feedback);
  }

  /** When request {@code index} is due, in nanoseconds after the start. */
  public long dueNanos(long index) {
    return (long) (index * 1e9 / rate);
  }

  /** The number of requests a run of {@code duration} sends: those due before its end. */
  public long requestsWithin(Duration duration) {
    double exact = duration.toNanos() / 1e9 * rate;
    long count = (long) Math.ceil(exact);
    return Math.max(0, count);
  }

  /**
   * Whether drift is on at {@code elapsed} after the start, for drift from {@code at} (empty:
   * never) lasting {@code length} (empty: to the end).
   */
  public static boolean driftOn(
      Duration elapsed, Optional<Duration> at, Optional<Duration> length) {
    if (at.isEmpty() || elapsed.compareTo(at.get()) < 0) {
      return false;
    }
    return length.isEmpty() || elapsed.compareTo(at.get().plus(length.get())) < 0;
  }
}
