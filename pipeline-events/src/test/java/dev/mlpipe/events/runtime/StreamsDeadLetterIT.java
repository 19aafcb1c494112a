package dev.mlpipe.events.runtime;

import static dev.mlpipe.events.runtime.KafkaTestSupport.readAll;
import static dev.mlpipe.events.runtime.KafkaTestSupport.send;
import static dev.mlpipe.events.runtime.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.topic.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka Streams stage configured by {@link StreamsStageConfig} on a real broker: a record it
 * cannot deserialize goes to its topic's dead-letter topic with the error headers, under
 * exactly-once, while its neighbours are processed (TopologyTestDriver does not emit the dead
 * letters of deserialization failures).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StreamsDeadLetterIT {

  private static final String INPUT = "test.streams-dlq-input";
  private static final String OUTPUT = "test.streams-dlq-output";

  private static EmbeddedKafka kafka;

  @TempDir Path stateDir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldDeadLetterAnUndecodableRecordWithItsHeadersAndProcessTheOthers() throws Exception {
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      setup.create(
          new TopicSetup.Spec(INPUT, 1, Map.of()),
          TopicSetup.Spec.deadLetterOf(INPUT, 1),
          new TopicSetup.Spec(OUTPUT, 1, Map.of()));
    }
    send(
        kafka.bootstrapServers(),
        List.of(
            new ProducerRecord<>(INPUT, "recommender", "a"),
            new ProducerRecord<>(INPUT, "fraud", PoisonDeserializer.POISON),
            new ProducerRecord<>(INPUT, "churn", "boom"),
            new ProducerRecord<>(INPUT, "churn", "b")));
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
    StreamsStageConfig config =
        StreamsStageConfig.of("streams-dlq-stage", kafka.bootstrapServers(), stateDir);

    try (KafkaStreams streams = new KafkaStreams(builder.build(), config.toProperties())) {
      streams.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                assertThat(values(kafka.bootstrapServers(), OUTPUT, true))
                    .containsExactly("A", "B");
                assertThat(values(kafka.bootstrapServers(), INPUT + ".dlq", true)).hasSize(2);
              });
      streams.close(Duration.ofSeconds(30));
    }

    List<ConsumerRecord<String, String>> deadLetters =
        readAll(kafka.bootstrapServers(), INPUT + ".dlq", true);
    assertThat(deadLetters).extracting(ConsumerRecord::value).containsExactly("poison", "boom");
    DeadLetters.DeadLetter undecodable =
        DeadLetters.read(deadLetters.get(0).headers()).orElseThrow();
    assertThat(deadLetters.get(0).key()).isEqualTo("fraud");
    assertThat(undecodable.exceptionClass()).endsWith("SerializationException");
    assertThat(undecodable.topic()).isEqualTo(INPUT);
    assertThat(undecodable.partition()).isEqualTo(0);
    assertThat(undecodable.offset()).isEqualTo(1L);
    assertThat(undecodable.stage()).contains("streams-dlq-stage");
    DeadLetters.DeadLetter failed = DeadLetters.read(deadLetters.get(1).headers()).orElseThrow();
    assertThat(failed.message()).isEqualTo("cannot handle boom");
    assertThat(failed.offset()).isEqualTo(2L);
  }
}
