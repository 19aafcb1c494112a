package dev.mlpipe.deployer.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serving's own counters per model version: requests, errors and a latency histogram, which the
 * canary checks compare between stable and canary; the same requests also go to Micrometer ({@code
 * mlpipe.serving.requests}, tagged model, version, outcome) for {@code /metrics}.
 */
public final class ServingMetrics {

  /** Cumulative counts of one version, from its first request: requests, errors, latency. */
  public record Snapshot(long requests, long errors, long[] latencyBuckets) {}

  private record Key(String model, String version) {}

  private static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();
    final Timer ok;
    final Timer failed;
    final Counter fallbacks;

    Counters(MeterRegistry meters, Key key) {
      ok = timer(meters, key, "ok");
      failed = timer(meters, key, "error");
      fallbacks =
          Counter.builder("mlpipe.serving.fallbacks")
              .description("requests answered by the popularity fallback (unknown user)")
              .tag("model", key.model())
              .tag("version", key.version())
              .register(meters);
    }

    private static Timer timer(MeterRegistry meters, Key key, String outcome) {
      return Timer.builder("mlpipe.serving.requests")
          .description("served prediction requests")
          .tag("model", key.model())
          .tag("version", key.version())
          .tag("outcome", outcome)
          .publishPercentiles(0.5, 0.95, 0.99)
          .register(meters);
    }
  }

  private final MeterRegistry meters;
  private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

  public ServingMetrics(MeterRegistry meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  /** Records one request the version served. */
  public void record(
      String model, String version, long latencyMicros, boolean error, boolean fallback) {
    Counters c = counters.computeIfAbsent(new Key(model, version), k -> new Counters(meters, k));
    c.requests.increment();
    c.latency.record(latencyMicros);
    if (error) {
      c.errors.increment();
      c.failed.record(latencyMicros, TimeUnit.MICROSECONDS);
    } else {
      c.ok.record(latencyMicros, TimeUnit.MICROSECONDS);
    }
    if (fallback) {
      c.fallbacks.increment();
    }
  }

  /** What the version served so far; zeros when it served nothing. */
  public Snapshot snapshot(String model, String version) {
    Counters c = counters.get(new Key(model, version));
    if (c == null) {
      return new Snapshot(0, 0, new long[LatencyHistogram.BUCKETS]);
    }
    return new Snapshot(c.requests.sum(), c.errors.sum(), c.latency.snapshot());
  }
}
