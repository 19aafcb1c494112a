package dev.mlpipe.events.stage;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/** A started Kafka Streams application as a {@link RunningStage}: every Streams stage's shell. */
public final class StreamsStage implements RunningStage {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final KafkaStreams streams;
  private final AutoCloseable resources;
  private final KafkaStreamsMetrics metrics;

  private StreamsStage(String name, KafkaStreams streams, AutoCloseable resources) {
    this.name = name;
    this.streams = streams;
    this.resources = resources;
    this.metrics = new KafkaStreamsMetrics(streams, List.of(Tag.of("stage", name)));
  }

  /**
   * Starts the application and returns once it is running.
   *
   * @param resources closed after the application, e.g. the registry client
   * @throws IllegalStateException when it fails or does not reach RUNNING within the timeout
   */
  public static StreamsStage start(
      String name, KafkaStreams streams, AutoCloseable resources, Duration timeout) {
    CountDownLatch settled = new CountDownLatch(1);
    streams.setStateListener(
        (next, previous) -> {
          if (next == KafkaStreams.State.RUNNING
              || next == KafkaStreams.State.ERROR
              || next == KafkaStreams.State.PENDING_SHUTDOWN) {
            settled.countDown();
          }
        });
    StreamsStage stage = new StreamsStage(name, streams, resources);
    // Kafka Streams' own metrics (records processed, process latency, dropped records, the
    // consumers' records-lag) go to the process's /metrics through the global registry.
    stage.metrics.bindTo(Metrics.globalRegistry);
    streams.start();
    boolean inTime;
    try {
      inTime = settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stage.close();
      throw new IllegalStateException(name + ": interrupted while starting", e);
    }
    if (!inTime || streams.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.state();
      stage.close();
      throw new IllegalStateException(
          name
              + ": Kafka Streams is "
              + state
              + " instead of RUNNING after "
              + timeout.toSeconds()
              + " s; check that the broker is reachable and the pipeline's topics exist"
              + " (mlpipe topics create), and see the log for the cause");
    }
    return stage;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isRunning() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  @Override
  public void close() {
    try {
      metrics.close();
      streams.close(CLOSE_TIMEOUT);
    } finally {
      try {
        resources.close();
      } catch (Exception e) {
        throw new IllegalStateException(
            name + ": closing its clients failed: " + e.getMessage(), e);
      }
    }
  }
}
