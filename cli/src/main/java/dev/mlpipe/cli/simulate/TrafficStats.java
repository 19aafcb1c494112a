package dev.mlpipe.cli.simulate;

import dev.mlpipe.deployer.serving.LatencyHistogram;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator counted so far: requests sent, answered, failed, feedback and latencies. */
public final class TrafficStats {

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong feedback = new AtomicLong();
  private final AtomicLong feedbackFailed = new AtomicLong();
  private final LatencyHistogram latencies = new LatencyHistogram();
  private volatile String lastFailure;

  void sent() {
    sent.incrementAndGet();
  }

  void ok(long micros) {
    ok.incrementAndGet();
    latencies.record(micros);
  }

  void failed(String why) {
    failed.incrementAndGet();
    lastFailure = why;
  }

  void feedbackSent() {
    feedback.incrementAndGet();
  }

  void feedbackFailed(String why) {
    feedbackFailed.incrementAndGet();
    lastFailure = why;
  }

  /** The figures at this moment. */
  public Snapshot snapshot() {
    return new Snapshot(
        sent.get(),
        ok.get(),
        failed.get(),
        feedback.get(),
        feedbackFailed.get(),
        latencies.snapshot(),
        lastFailure);
  }

  /**
   * The figures at one moment.
   *
   * @param sent requests sent
   * @param ok requests answered with 200
   * @param failed requests that failed (an error status, no answer, or no connection)
   * @param feedback feedback events published
   * @param feedbackFailed feedback events that could not be published
   * @param latencyBuckets answered requests' latencies, in {@link LatencyHistogram}'s buckets
   * @param lastFailure the latest failure's reason, or null
   */
  public record Snapshot(
      long sent,
      long ok,
      long failed,
      long feedback,
      long feedbackFailed,
      long[] latencyBuckets,
      String lastFailure) {

    /** The latency below which a share {@code q} of answers came, in microseconds. */
    public long latencyMicros(double q) {
      return LatencyHistogram.quantile(latencyBuckets, q);
    }

    /** One progress line, e.g. {@code 10.0s sent=2000 ok=2000 failed=0 ...}. */
    public String line(Duration elapsed, String drift) {
      double seconds = elapsed.toMillis() / 1000.0;
      return String.format(
          Locale.ROOT,
          "%6.1fs sent=%d ok=%d failed=%d feedback=%d rate=%.0f/s p50=%s p99=%s%s",
          seconds,
          sent,
          ok,
          failed,
          feedback,
          seconds > 0 ? sent / seconds : 0.0,
          millis(latencyMicros(0.50)),
          millis(latencyMicros(0.99)),
          drift.isEmpty() ? "" : " drift=" + drift);
    }

    private static String millis(long micros) {
      return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
  }
}
