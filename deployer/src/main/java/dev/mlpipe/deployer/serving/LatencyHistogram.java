package dev.mlpipe.deployer.serving;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in log-spaced buckets (about 10 % wide, 1 µs to about 100 s), recorded without locks,
 * so two snapshots give the percentiles of the window between them.
 */
public final class LatencyHistogram {

  static final int BUCKETS = 200;
  private static final double GROWTH = 1.1;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  public void record(long micros) {
    counts.incrementAndGet(bucketOf(micros));
  }

  /** A copy of the bucket counts. */
  public long[] snapshot() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  /** The upper bound in µs of the bucket holding the quantile of the counts; 0 when empty. */
  public static long quantile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length - 1);
  }

  static int bucketOf(long micros) {
    if (micros <= 1) {
      return 0;
    }
    int b = (int) Math.ceil(Math.log(micros) / LOG_GROWTH);
    return Math.min(b, BUCKETS - 1);
  }

  static long upperBound(int bucket) {
    return (long) Math.floor(Math.pow(GROWTH, bucket));
  }
}
