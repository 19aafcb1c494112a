package dev.mlpipe.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * An open-loop HTTP load at a fixed rate, in the manner of wrk2: request {@code i} is due at {@code
 * start + i / rate}, whatever happened to the earlier ones, and is queued at that time for the next
 * free one of a fixed set of kept-alive connections; its latency counts from the due time, not from
 * when it was actually sent, so a stalled server or a busy sender shows in the figures instead of
 * slowing the load down (no coordinated omission). Every request that does not answer 200 within
 * the timeout of its due time counts as failed.
 */
final class OpenLoopLoad {

  /** What one run measured. */
  record Outcome(
      long sent,
      long ok,
      long failedStatus,
      long failedError,
      long timedOut,
      long[] latencyMicros,
      long maxSendLagMicros,
      double seconds,
      Map<String, Long> versions) {

    long failed() {
      return failedStatus + failedError + timedOut;
    }

    /** The latency quantile over the successful requests, ms (nearest rank). */
    double quantileMs(double q) {
      return Percentiles.nearestRank(latencyMicros, q) / 1_000.0;
    }

    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d sent in %.1f s (%,.0f/s), %,d ok, %,d failed (%d status, %d error, %d timeout);"
              + " p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms; sender lag max %.1f ms; versions %s",
          sent,
          seconds,
          sent / seconds,
          ok,
          failed(),
          failedStatus,
          failedError,
          timedOut,
          quantileMs(0.50),
          quantileMs(0.99),
          quantileMs(0.999),
          maxSendLagMicros / 1_000.0,
          versions);
    }
  }

  private final URI server;
  private final int connections;
  private final Duration timeout;

  /**
   * @param server {@code http://host:port} of the server under load
   * @param connections kept-alive connections, each with its own sender thread: requests due while
   *     all are busy wait in the queue, and that wait counts in their latency
   * @param timeout an answer slower than this (from the due time) is a failure
   */
  OpenLoopLoad(URI server, int connections, Duration timeout) {
    this.server = Objects.requireNonNull(server, "server");
    this.connections = connections;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  private record Due(int index, long dueNanos, String path) {}

  /**
   * Sends {@code count} GET requests at {@code ratePerSecond}, request {@code i} to path {@code
   * path.apply(i)} (with its query), and waits for every answer.
   */
  Outcome run(long count, int ratePerSecond, LongFunction<String> path)
      throws InterruptedException {
    long period = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    long[] latency = new long[Math.toIntExact(count)];
    Arrays.fill(latency, -1);
    LongAdder ok = new LongAdder();
    LongAdder status = new LongAdder();
    LongAdder error = new LongAdder();
    LongAdder timedOut = new LongAdder();
    Map<String, LongAdder> versions = new ConcurrentHashMap<>();
    BlockingQueue<Due> queue = new LinkedBlockingQueue<>();
    Due end = new Due(-1, 0, "");
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t =
          new Thread(
              () -> {
                HttpConnection connection = null;
                try {
                  while (true) {
                    Due due = queue.take();
                    if (due == end) {
                      return;
                    }
                    long timeoutNanos = timeout.toNanos();
                    long left = timeoutNanos - (System.nanoTime() - due.dueNanos());
                    if (left <= 0) {
                      timedOut.increment();
                      continue;
                    }
                    try {
                      if (connection == null) {
                        connection = new HttpConnection(server, timeout);
                      }
                      HttpConnection.Answer answer = connection.get(due.path(), left);
                      if (answer.closes()) {
                        connection = close(connection);
                      }
                      long micros = (System.nanoTime() - due.dueNanos()) / 1_000;
                      if (answer.status() != 200) {
                        status.increment();
                      } else if (micros * 1_000 > timeoutNanos) {
                        timedOut.increment();
                      } else {
                        ok.increment();
                        latency[due.index()] = micros;
                        if (answer.version() != null) {
                          versions
                              .computeIfAbsent(answer.version(), v -> new LongAdder())
                              .increment();
                        }
                      }
                    } catch (java.net.SocketTimeoutException e) {
                      timedOut.increment();
                      connection = close(connection);
                    } catch (java.io.IOException e) {
                      error.increment();
                      connection = close(connection);
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  close(connection);
                }
              },
              "bench-load-" + c);
      t.setDaemon(true);
      t.start();
      senders.add(t);
    }
    long maxLag = 0;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    for (int i = 0; i < latency.length; i++) {
      long due = start + i * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      maxLag = Math.max(maxLag, System.nanoTime() - due);
      queue.add(new Due(i, due, path.apply(i)));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (int c = 0; c < connections; c++) {
      queue.add(end);
    }
    for (Thread t : senders) {
      t.join(timeout.toMillis() + 10_000);
    }
    long[] answered = Arrays.stream(latency).filter(l -> l >= 0).toArray();
    Map<String, Long> byVersion = new java.util.TreeMap<>();
    versions.forEach((v, n) -> byVersion.put(v, n.sum()));
    long failedStatus = status.sum();
    long failedError = error.sum();
    long timeouts = latency.length - answered.length - failedStatus - failedError;
    return new Outcome(
        latency.length,
        ok.sum(),
        failedStatus,
        failedError,
        timeouts,
        answered,
        maxLag / 1_000,
        seconds,
        byVersion);
  }

  private static HttpConnection close(HttpConnection connection) {
    if (connection != null) {
      connection.close();
    }
    return null;
  }

  /** Quantiles of recorded latencies. */
  static final class Percentiles {
    private Percentiles() {}

    /** The nearest-rank quantile (the smallest value with at least q of the values at or below). */
    static long nearestRank(long[] values, double q) {
      if (values.length == 0) {
        return 0;
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }
}
