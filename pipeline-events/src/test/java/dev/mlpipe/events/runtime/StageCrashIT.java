package dev.mlpipe.events.runtime;

import static dev.mlpipe.events.runtime.KafkaTestSupport.committed;
import static dev.mlpipe.events.runtime.KafkaTestSupport.send;
import static dev.mlpipe.events.runtime.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.topic.TopicSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a stage's JVM in the middle of a transaction and shows, reading with read_committed, that
 * its successor publishes exactly one output per input: nothing lost, nothing twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StageCrashIT {

  private static final int INPUTS = 30;
  private static final int BLOCK_AT = 15;

  @TempDir Path tmp;
  private EmbeddedKafka kafka;
  private Process child;

  @BeforeEach
  void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishExactlyOneOutputPerInputWhenAStageIsKilledMidTransaction() throws Exception {
    String stageName = "crash-stage";
    String input = "test.crash-input";
    String output = "test.crash-output";
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      setup.create(
          new TopicSetup.Spec(input, 1, Map.of()),
          TopicSetup.Spec.deadLetterOf(input, 1),
          new TopicSetup.Spec(output, 1, Map.of()));
    }
    List<String> inputs = IntStream.range(0, INPUTS).mapToObj(i -> "v" + i).toList();
    send(
        kafka.bootstrapServers(),
        inputs.stream().map(v -> new ProducerRecord<>(input, "model", v)).toList());

    Path childOut = tmp.resolve("child.out");
    child = startChild(stageName, input, output, childOut);
    // The child blocks on record 15: the first 10 are committed, 11-14 sent but uncommitted.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Files.readString(childOut).contains(CrashableStageMain.BLOCKED));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> values(kafka.bootstrapServers(), output, false).size() >= BLOCK_AT - 1);
    assertThat(values(kafka.bootstrapServers(), output, true)).hasSizeLessThan(BLOCK_AT - 1);

    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (StageRuntime<String, String> successor =
        new StageRuntime<>(
            CrashableStageMain.crashTestConfig(stageName, kafka.bootstrapServers(), input),
            new PoisonDeserializer(),
            new StringSerializer(),
            (InputEvent<String> event) ->
                List.of(new ProducerRecord<>(output, event.key(), "out-" + event.value())),
            new SimpleMeterRegistry())) {
      successor.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(committed(kafka.bootstrapServers(), stageName, input))
                      .isEqualTo(Map.of(0, (long) INPUTS)));
    }

    List<String> expected = inputs.stream().map(v -> "out-" + v).toList();
    assertThat(values(kafka.bootstrapServers(), output, true)).containsExactlyElementsOf(expected);
    // The killed transaction's records are in the log, aborted: read_uncommitted sees them too.
    assertThat(values(kafka.bootstrapServers(), output, false)).hasSizeGreaterThan(INPUTS);
  }

  private Process startChild(String stageName, String input, String output, Path out)
      throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashableStageMain.class.getName());
    command.add(kafka.bootstrapServers());
    command.add(stageName);
    command.add(input);
    command.add(output);
    command.add(String.valueOf(BLOCK_AT));
    Files.writeString(out, "", StandardCharsets.UTF_8);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }
}
