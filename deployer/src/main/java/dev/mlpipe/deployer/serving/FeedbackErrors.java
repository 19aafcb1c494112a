package dev.mlpipe.deployer.serving;

import dev.mlpipe.deployer.rollout.SquaredErrors;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The squared errors of feedback joined to each version's predictions, summed per second of the
 * prediction's time, so the canary check can ask for what a version predicted since its canary
 * started whatever order the feedback came in. Seconds older than the retention are dropped.
 * Thread-safe: the feedback thread records, the rollout thread reads.
 */
public final class FeedbackErrors {

  private record Key(String model, String version) {}

  private final Map<Key, ConcurrentSkipListMap<Long, SquaredErrors>> seconds =
      new ConcurrentHashMap<>();
  private final long retentionSeconds;

  /**
   * @param retentionMillis how far back from its newest prediction a version's errors are kept
   */
  public FeedbackErrors(long retentionMillis) {
    if (retentionMillis < 1_000) {
      throw new IllegalArgumentException(
          "feedback error retention must be >= 1000 ms, was " + retentionMillis);
    }
    this.retentionSeconds = retentionMillis / 1_000;
  }

  /** Records the squared error of a feedback on a prediction the version made at the time. */
  public void record(String model, String version, long predictedAtMillis, double squaredError) {
    long second = Math.floorDiv(predictedAtMillis, 1_000);
    ConcurrentSkipListMap<Long, SquaredErrors> byTime =
        seconds.computeIfAbsent(new Key(model, version), k -> new ConcurrentSkipListMap<>());
    byTime.merge(second, SquaredErrors.of(squaredError), SquaredErrors::plus);
    NavigableMap<Long, SquaredErrors> old = byTime.headMap(byTime.lastKey() - retentionSeconds);
    if (!old.isEmpty()) {
      old.clear();
    }
  }

  /**
   * The squared errors of the version's predictions made since the time (to the second before it:
   * seconds are the resolution).
   */
  public SquaredErrors since(String model, String version, long fromMillis) {
    ConcurrentSkipListMap<Long, SquaredErrors> byTime = seconds.get(new Key(model, version));
    if (byTime == null) {
      return SquaredErrors.NONE;
    }
    SquaredErrors total = SquaredErrors.NONE;
    for (SquaredErrors s : byTime.tailMap(Math.floorDiv(fromMillis, 1_000)).values()) {
      total = total.plus(s);
    }
    return total;
  }
}
