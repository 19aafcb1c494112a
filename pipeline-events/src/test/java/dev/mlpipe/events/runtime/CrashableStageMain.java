package dev.mlpipe.events.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stage run in a child JVM by {@link StageCrashIT}: publishes {@code out-<value>} for each input
 * and, at the record number given, prints {@value #BLOCKED} and blocks in the middle of its
 * transaction until the test kills the process.
 *
 * <p>Arguments: bootstrap servers, stage name, input topic, output topic, record number to block at
 * (1-based).
 */
public final class CrashableStageMain {

  static final String BLOCKED = "BLOCKED";

  private CrashableStageMain() {}

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args[0];
    String stageName = args[1];
    String input = args[2];
    String output = args[3];
    int blockAt = Integer.parseInt(args[4]);
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    StageHandler<String, String> handler =
        event -> {
          if (handled.incrementAndGet() == blockAt) {
            System.out.println(BLOCKED + " at " + event.position());
            System.out.flush();
            never.await();
          }
          return List.of(new ProducerRecord<>(output, event.key(), "out-" + event.value()));
        };
    StageRuntime<String, String> stage =
        new StageRuntime<>(
            crashTestConfig(stageName, bootstrap, input),
            new PoisonDeserializer(),
            new StringSerializer(),
            handler,
            new SimpleMeterRegistry());
    Runtime.getRuntime().addShutdownHook(stage.shutdownHook());
    stage.start();
    stage.awaitStopped(Duration.ofMinutes(5));
  }

  /** The stage both the killed child and its successor run: same group, same transactional id. */
  static StageConfig crashTestConfig(String stageName, String bootstrap, String input) {
    return StageConfig.of(stageName, bootstrap, List.of(input))
        .withPolling(10, Duration.ofSeconds(20))
        // The killed member must leave the group quickly for its successor to get the partition.
        .withKafka(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
  }
}
