package dev.mlpipe.drift.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to every sink, each sink on a thread and queue of its own: {@link #submit} only
 * queues, so a sink that is slow or down never slows the caller, nor the other sinks. Each sink
 * gets each event at most once (by eventId, among the last ones delivered, remembered by {@link
 * DeliveredEvents}: across restarts when it keeps them in a file); a failed delivery is retried
 * with exponential backoff up to {@code maxAttempts}, then given up with an error log. A full queue
 * drops the new alert with a warning rather than block.
 */
public final class AlertDelivery implements AutoCloseable {

  /** How the delivery thread waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * How deliveries are retried.
   *
   * @param maxAttempts attempts per sink and alert, at least 1
   * @param firstBackoff the wait after the first failure; doubled after each further one
   * @param maxBackoff the longest wait
   */
  public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT =
        new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public RetryPolicy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      Objects.requireNonNull(firstBackoff, "firstBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** The wait before attempt {@code attempt} (2 or later). */
    public Duration backoffBefore(int attempt) {
      Duration wait = firstBackoff.multipliedBy(1L << Math.min(20, attempt - 2));
      return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
  private static final Alert STOP = new Alert("-", "-", "-", "-", "stop", List.of(), Map.of());

  private final List<Worker> workers;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final DeliveredEvents delivered;

  /**
   * Starts one delivery thread per sink.
   *
   * @param sinks where alerts go; may be empty (then nothing is sent)
   * @param retry how failures are retried
   * @param sleeper how the threads wait between attempts
   * @param queueCapacity alerts waiting at most, per sink
   * @param rememberedEvents eventIds per sink remembered for deduplication
   */
  public AlertDelivery(
      List<AlertSink> sinks,
      RetryPolicy retry,
      Sleeper sleeper,
      int queueCapacity,
      int rememberedEvents) {
    this(sinks, retry, sleeper, queueCapacity, DeliveredEvents.inMemory(rememberedEvents));
  }

  /**
   * Starts one delivery thread per sink.
   *
   * @param sinks where alerts go; may be empty (then nothing is sent)
   * @param retry how failures are retried
   * @param sleeper how the threads wait between attempts
   * @param queueCapacity alerts waiting at most, per sink
   * @param delivered which events each sink already got; closed with this delivery
   */
  public AlertDelivery(
      List<AlertSink> sinks,
      RetryPolicy retry,
      Sleeper sleeper,
      int queueCapacity,
      DeliveredEvents delivered) {
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.delivered = Objects.requireNonNull(delivered, "delivered");
    List<Worker> started = new ArrayList<>();
    for (AlertSink sink : sinks) {
      started.add(new Worker(sink, queueCapacity));
    }
    this.workers = List.copyOf(started);
  }

  /** Queues an alert for every sink; returns at once. */
  public void submit(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    for (Worker worker : workers) {
      worker.submit(alert);
    }
  }

  /**
   * One sink's queue and thread: a sink that is down (retrying with backoff, or waiting for a
   * timeout) delays only its own alerts, never another sink's.
   */
  private final class Worker {

    private final AlertSink sink;
    private final BlockingQueue<Alert> queue;
    private final Thread thread;

    Worker(AlertSink sink, int queueCapacity) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.queue = new ArrayBlockingQueue<>(queueCapacity);
      this.thread = new Thread(this::run, "mlpipe-alert-delivery-" + sink.name());
      this.thread.setDaemon(true);
      this.thread.start();
    }

    void submit(Alert alert) {
      if (!queue.offer(alert)) {
        log.warn(
            "alert queue of {} full ({} waiting): alert for event {} of model {} dropped",
            sink.name(),
            queue.size(),
            alert.eventId(),
            alert.model());
      }
    }

    private void run() {
      try {
        while (true) {
          Alert alert = queue.take();
          if (alert == STOP) {
            return;
          }
          deliver(alert);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void deliver(Alert alert) throws InterruptedException {
      if (delivered.contains(sink.name(), alert.eventId())) {
        log.debug("alert for event {} already delivered to {}", alert.eventId(), sink.name());
        return;
      }
      for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
        if (attempt > 1) {
          sleeper.sleep(retry.backoffBefore(attempt));
        }
        try {
          sink.deliver(alert);
          try {
            delivered.add(sink.name(), alert.eventId());
          } catch (java.io.UncheckedIOException e) {
            log.warn(
                "alert delivered to {} but not remembered ({}): a restart may send it again",
                sink.name(),
                e.getMessage());
          }
          log.info(
              "alert delivered: sink={} event={} type={} model={} runId={}",
              sink.name(),
              alert.eventId(),
              alert.eventType(),
              alert.model(),
              alert.runId());
          return;
        } catch (AlertDeliveryException e) {
          if (!e.retryable() || attempt == retry.maxAttempts()) {
            log.error(
                "alert not delivered after {} attempt(s): sink={} event={} model={}: {}",
                attempt,
                sink.name(),
                alert.eventId(),
                alert.model(),
                e.getMessage());
            return;
          }
          log.warn(
              "alert delivery attempt {} to {} failed, will retry: {}",
              attempt,
              sink.name(),
              e.getMessage());
        }
      }
    }
  }

  /** Stops after the alerts already queued, waiting at most {@code timeout} in all. */
  public void close(Duration timeout) {
    workers.forEach(w -> w.queue.offer(STOP));
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Worker worker : workers) {
      try {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        worker.thread.join(Math.max(1, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (worker.thread.isAlive()) {
        worker.thread.interrupt();
      }
    }
    delivered.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  /** The sleeper that really sleeps. */
  public static Sleeper realSleeper() {
    return d -> TimeUnit.MILLISECONDS.sleep(d.toMillis());
  }
}
