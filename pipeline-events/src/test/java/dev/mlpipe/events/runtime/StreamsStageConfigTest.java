package dev.mlpipe.events.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsStageConfigTest {

  private static final String INPUT = "test.streams-input";
  private static final String OUTPUT = "test.streams-output";
  private static final String DEAD_LETTERS = INPUT + ".dlq";

  @TempDir Path stateDir;

  @Test
  void shouldConfigureExactlyOnceV2WithTheStageAsApplicationId() {
    Properties props =
        StreamsStageConfig.of("drift-monitor", "127.0.0.1:9092", stateDir)
            .withReplicationFactor(3)
            .toProperties();

    assertThat(props)
        .containsEntry("application.id", "drift-monitor")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("state.dir", stateDir.toString())
        .containsEntry("commit.interval.ms", "100")
        .containsEntry("replication.factor", "3");
    assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldNoticeADeadInstanceWithinTenSecondsUnlessTheConfigurationSaysOtherwise() {
    StreamsStageConfig config = StreamsStageConfig.of("drift-monitor", "127.0.0.1:9092", stateDir);

    assertThat(config.toProperties())
        .containsEntry("session.timeout.ms", "10000")
        .containsEntry("heartbeat.interval.ms", "3000");
    assertThat(config.withKafka(Map.of("session.timeout.ms", "45000")).toProperties())
        .containsEntry("session.timeout.ms", "45000");
  }

  @Test
  void shouldRefuseAPropertyThatFollowsFromTheStageSettings() {
    StreamsStageConfig config = StreamsStageConfig.of("drift-monitor", "k:9092", stateDir);

    assertThatThrownBy(() -> config.withKafka(Map.of("processing.guarantee", "at_least_once")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.processing.guarantee=at_least_once");
  }

  @Test
  void shouldRefuseAReplicationFactorBelowOne() {
    StreamsStageConfig config = StreamsStageConfig.of("drift-monitor", "k:9092", stateDir);

    assertThatThrownBy(() -> config.withReplicationFactor(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replicationFactor must be at least 1");
  }

  // TopologyTestDriver skips an undecodable record but does not emit its dead letter (it does for
  // processing failures): StreamsDeadLetterIT shows that path on a real broker.

  @Test
  void shouldRouteARecordWhoseProcessingFailsToItsTopicsDeadLetterTopicAndGoOn() {
    try (TopologyTestDriver driver = driver(FailurePolicy.DEAD_LETTER)) {
      TestInputTopic<String, String> input = input(driver);
      input.pipeInput("recommender", "a");
      input.pipeInput("fraud", "boom");
      input.pipeInput("churn", "b");

      assertThat(output(driver).readValuesToList()).containsExactly("A", "B");
      TestRecord<String, String> deadLetter =
          driver
              .createOutputTopic(DEAD_LETTERS, new StringDeserializer(), new StringDeserializer())
              .readRecord();
      assertThat(deadLetter.key()).isEqualTo("fraud");
      assertThat(deadLetter.value()).isEqualTo("boom");
      DeadLetters.DeadLetter error = DeadLetters.read(deadLetter.headers()).orElseThrow();
      assertThat(error.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(error.message()).isEqualTo("cannot handle boom");
      assertThat(error.offset()).isEqualTo(1L);
    }
  }

  @Test
  void shouldSkipBadRecordsWithoutDeadLettersUnderLogAndSkip() {
    try (TopologyTestDriver driver = driver(FailurePolicy.LOG_AND_SKIP)) {
      TestInputTopic<String, String> input = input(driver);
      input.pipeInput("recommender", "a");
      input.pipeInput("fraud", PoisonDeserializer.POISON);
      input.pipeInput("fraud", "boom");
      input.pipeInput("churn", "b");

      assertThat(output(driver).readValuesToList()).containsExactly("A", "B");
      assertThat(driver.producedTopicNames()).doesNotContain(DEAD_LETTERS);
    }
  }

  @Test
  void shouldStopOnABadRecordUnderFail() {
    try (TopologyTestDriver driver = driver(FailurePolicy.FAIL)) {
      TestInputTopic<String, String> input = input(driver);
      input.pipeInput("recommender", "a");

      assertThatThrownBy(() -> input.pipeInput("fraud", PoisonDeserializer.POISON))
          .isInstanceOf(StreamsException.class);
      assertThat(output(driver).readValuesToList()).containsExactly("A");
      assertThat(driver.producedTopicNames()).doesNotContain(DEAD_LETTERS);
    }
  }

  @Test
  void shouldReadTheDeadLettersOfKafkaStreamsOwnHandlersToo() {
    Properties props =
        StreamsStageConfig.of("streams-stage", "dummy:9092", stateDir).toProperties();
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "all-dead-letters");
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props)) {
      input(driver).pipeInput("fraud", "boom");

      TestRecord<String, String> deadLetter =
          driver
              .createOutputTopic(
                  "all-dead-letters", new StringDeserializer(), new StringDeserializer())
              .readRecord();
      DeadLetters.DeadLetter error = DeadLetters.read(deadLetter.headers()).orElseThrow();
      assertThat(error.topic()).isEqualTo(INPUT);
      assertThat(error.offset()).isEqualTo(0L);
      assertThat(error.message()).isEqualTo("cannot handle boom");
      assertThat(error.stage()).isEmpty();
    }
  }

  private TopologyTestDriver driver(FailurePolicy policy) {
    Properties props =
        StreamsStageConfig.of("streams-stage", "dummy:9092", stateDir)
            .withFailurePolicy(policy)
            .toProperties();
    return new TopologyTestDriver(topology(), props);
  }

  private static Topology topology() {
    Serde<String> values = Serdes.serdeFrom(new StringSerializer(), new PoisonDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(INPUT, Consumed.with(Serdes.String(), values))
        .mapValues(
            value -> {
              if (value.equals("boom")) {
                throw new IllegalStateException("cannot handle boom");
              }
              return value.toUpperCase(Locale.ROOT);
            })
        .to(OUTPUT, Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private static TestInputTopic<String, String> input(TopologyTestDriver driver) {
    return driver.createInputTopic(
        INPUT,
        new StringSerializer(),
        new StringSerializer(),
        java.time.Instant.EPOCH,
        Duration.ofMillis(10));
  }

  private static TestOutputTopic<String, String> output(TopologyTestDriver driver) {
    return driver.createOutputTopic(OUTPUT, new StringDeserializer(), new StringDeserializer());
  }
}
