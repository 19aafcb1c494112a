package dev.mlpipe.deployer.stream;

import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.deployer.serving.FeedbackErrors;
import dev.mlpipe.deployer.serving.LatencyHistogram;
import dev.mlpipe.deployer.serving.ServingMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns serving's cumulative per-version counters into the window since the previous check of the
 * same version, with the version's online quality since its rollout started. The windows are kept
 * in memory only: after a restart the first window starts at the restart, which at worst delays a
 * judgement by one interval; the online quality is rebuilt from the topics ({@link
 * dev.mlpipe.deployer.serving.FeedbackFollower}).
 */
final class WindowTracker {

  private record Key(String model, String version) {}

  private final ServingMetrics metrics;
  private final FeedbackErrors feedback;
  private final Map<Key, ServingMetrics.Snapshot> previous = new ConcurrentHashMap<>();

  WindowTracker(ServingMetrics metrics, FeedbackErrors feedback) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.feedback = Objects.requireNonNull(feedback, "feedback");
  }

  /**
   * What the version served since the last call for it (since its start for the first), and the
   * feedback on its predictions made since {@code onlineSinceMillis}.
   */
  WindowStats window(String model, String version, long onlineSinceMillis) {
    if (version == null) {
      return WindowStats.NONE;
    }
    Key key = new Key(model, version);
    ServingMetrics.Snapshot now = metrics.snapshot(model, version);
    ServingMetrics.Snapshot before = previous.put(key, now);
    long[] buckets = now.latencyBuckets().clone();
    long requests = now.requests();
    long errors = now.errors();
    if (before != null) {
      requests -= before.requests();
      errors -= before.errors();
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] -= before.latencyBuckets()[i];
      }
    }
    return new WindowStats(
        requests,
        Math.min(errors, requests),
        LatencyHistogram.quantile(buckets, 0.95),
        feedback.since(model, version, onlineSinceMillis));
  }
}
