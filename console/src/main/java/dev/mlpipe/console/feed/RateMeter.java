package dev.mlpipe.console.feed;

import java.util.HashMap;
import java.util.Map;

/**
 * Events per second per topic over the last minute, counted by the records' own timestamps (so a
 * backlog read at start does not look like a burst). Thread-safe.
 */
public final class RateMeter {

  static final int WINDOW_SECONDS = 60;

  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, long[]> seconds = new HashMap<>();

  /** Counts one record of {@code topic} with this timestamp. */
  public synchronized void record(String topic, long timestampMillis) {
    long second = Math.floorDiv(timestampMillis, 1000);
    int slot = Math.floorMod(second, WINDOW_SECONDS);
    long[] c = counts.computeIfAbsent(topic, t -> new long[WINDOW_SECONDS]);
    long[] s = seconds.computeIfAbsent(topic, t -> new long[WINDOW_SECONDS]);
    if (s[slot] != second) {
      if (s[slot] > second) {
        return; // older than what the slot holds: outside any window we will ask about
      }
      s[slot] = second;
      c[slot] = 0;
    }
    c[slot]++;
  }

  /** Events per second of {@code topic} over the minute before {@code nowMillis}. */
  public synchronized double perSecond(String topic, long nowMillis) {
    long[] c = counts.get(topic);
    if (c == null) {
      return 0;
    }
    long[] s = seconds.get(topic);
    long now = Math.floorDiv(nowMillis, 1000);
    long total = 0;
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      if (s[i] > now - WINDOW_SECONDS && s[i] <= now) {
        total += c[i];
      }
    }
    return total / (double) WINDOW_SECONDS;
  }
}
