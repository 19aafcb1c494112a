package dev.mlpipe.deployer.stream;

import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.deployer.serving.LatencyHistogram;
import dev.mlpipe.deployer.serving.ServingMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns serving's cumulative per-version counters into the window since the previous check of the
 * same version. Kept in memory only: after a restart the first window starts at the restart, which
 * at worst delays a judgement by one interval.
 */
final class WindowTracker {

  private record Key(String model, String version) {}

  private final ServingMetrics metrics;
  private final Map<Key, ServingMetrics.Snapshot> previous = new ConcurrentHashMap<>();

  WindowTracker(ServingMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** What the version served since the last call for it (since its start for the first). */
  WindowStats window(String model, String version) {
    if (version == null) {
      return WindowStats.NONE;
    }
    Key key = new Key(model, version);
    ServingMetrics.Snapshot now = metrics.snapshot(model, version);
    ServingMetrics.Snapshot before = previous.put(key, now);
    long[] buckets = now.latencyBuckets().clone();
    long requests = now.requests();
    long errors = now.errors();
    long feedback = now.feedback();
    double squaredErrors = now.squaredErrorSum();
    if (before != null) {
      requests -= before.requests();
      errors -= before.errors();
      feedback -= before.feedback();
      squaredErrors -= before.squaredErrorSum();
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] -= before.latencyBuckets()[i];
      }
    }
    return new WindowStats(
        requests,
        Math.min(errors, requests),
        LatencyHistogram.quantile(buckets, 0.95),
        feedback,
        Math.max(0, squaredErrors));
  }
}
