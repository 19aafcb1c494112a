package dev.mlpipe.deployer.rollout;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A version on its way to production.
 *
 * @param version the version
 * @param runId its run, which {@code mlpipe approve} names
 * @param lastEventId the latest event of this rollout: the causation of the next one
 * @param sha256 its artifact's SHA-256
 * @param uri its artifact's location
 * @param sizeBytes its artifact's size
 * @param metrics its holdout metrics
 * @param phase waiting for approval, or moving traffic
 * @param step index into the policy's canary steps of the share it serves now; -1 before the first
 * @param stableVersion the version it replaces (the canary's comparison), null for the first
 * @param nextCheckAtMillis when the next canary check is due, epoch millis
 * @param breaches breached checks in a row
 * @param approvedBy who approved it ({@code auto} when the environment needs no approval), null
 *     while waiting
 * @param watchEndsAtMillis while watching: when the watch window ends, epoch millis
 * @param baseline what the stable version served in its latest window with enough traffic, the
 *     comparison once it serves nothing (the watch window); null before one was seen
 * @param servingSinceMillis when it started serving production traffic (its canary's first step),
 *     epoch millis: online quality is compared over predictions made since; 0 before
 */
public record Rollout(
    String version,
    String runId,
    String lastEventId,
    String sha256,
    String uri,
    long sizeBytes,
    Map<String, Double> metrics,
    Phase phase,
    int step,
    String stableVersion,
    long nextCheckAtMillis,
    int breaches,
    String approvedBy,
    long watchEndsAtMillis,
    WindowStats baseline,
    long servingSinceMillis) {

  /** Where a rollout is. */
  public enum Phase {
    AWAITING_APPROVAL,
    ROLLING_OUT,
    /** At 100 %, still checked until the watch window ends. */
    WATCHING
  }

  /** Whether it serves traffic: a canary, or the watch after it. */
  public boolean isServing() {
    return phase != Phase.AWAITING_APPROVAL;
  }

  public Rollout {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(lastEventId, "lastEventId");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(uri, "uri");
    metrics = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
    Objects.requireNonNull(phase, "phase");
    if (step < -1) {
      throw new IllegalArgumentException("rollout step must be >= -1, was " + step);
    }
    if (breaches < 0) {
      throw new IllegalArgumentException("rollout breaches must be >= 0, was " + breaches);
    }
  }

  Rollout approved(String by, String eventId) {
    return new Rollout(
        version,
        runId,
        eventId,
        sha256,
        uri,
        sizeBytes,
        metrics,
        phase,
        step,
        stableVersion,
        nextCheckAtMillis,
        breaches,
        by,
        watchEndsAtMillis,
        baseline,
        servingSinceMillis);
  }

  Rollout atStep(int nextStep, String stable, long nextCheckAt, int breachCount, String eventId) {
    return new Rollout(
        version,
        runId,
        eventId,
        sha256,
        uri,
        sizeBytes,
        metrics,
        Phase.ROLLING_OUT,
        nextStep,
        stable,
        nextCheckAt,
        breachCount,
        approvedBy,
        watchEndsAtMillis,
        baseline,
        servingSinceMillis);
  }

  Rollout watching(
      int lastStep, String stable, long nextCheckAt, long endsAt, int breachCount, String eventId) {
    return new Rollout(
        version,
        runId,
        eventId,
        sha256,
        uri,
        sizeBytes,
        metrics,
        Phase.WATCHING,
        lastStep,
        stable,
        nextCheckAt,
        breachCount,
        approvedBy,
        endsAt,
        baseline,
        servingSinceMillis);
  }

  Rollout withBaseline(WindowStats stats) {
    return new Rollout(
        version,
        runId,
        lastEventId,
        sha256,
        uri,
        sizeBytes,
        metrics,
        phase,
        step,
        stableVersion,
        nextCheckAtMillis,
        breaches,
        approvedBy,
        watchEndsAtMillis,
        stats,
        servingSinceMillis);
  }

  /** The rollout, serving production from the time. */
  Rollout servingFrom(long millis) {
    return new Rollout(
        version,
        runId,
        lastEventId,
        sha256,
        uri,
        sizeBytes,
        metrics,
        phase,
        step,
        stableVersion,
        nextCheckAtMillis,
        breaches,
        approvedBy,
        watchEndsAtMillis,
        baseline,
        millis);
  }
}
