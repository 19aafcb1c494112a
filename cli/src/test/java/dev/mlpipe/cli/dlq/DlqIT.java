package dev.mlpipe.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code mlpipe dlq list|replay} against a real broker. */
@Timeout(90)
class DlqIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    RecordHeaders headers = new RecordHeaders();
    DeadLetters.addErrorHeaders(
        headers,
        new IllegalStateException("spec mlpipe.yaml has no model"),
        Topics.COMMIT.name(),
        0,
        7,
        "trainer",
        Instant.parse("2026-11-16T10:00:00Z"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 2; i++) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.COMMIT.deadLetterTopic(),
                    0,
                    bytes("recommender"),
                    bytes("commit-" + i),
                    headers))
            .get();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldListDeadLettersWithTheirErrorsAndReplayOneThenTheRestOnce() {
    String dlq = Topics.COMMIT.deadLetterTopic();

    CommandLineRun queues = mlpipe("dlq", "list");
    assertThat(queues.exitCode()).as(queues.err()).isZero();
    assertThat(queues.out()).containsPattern(dlq.replace(".", "\\.") + "\\s+mlpipe\\.commit\\s+2");

    CommandLineRun listed = mlpipe("dlq", "list", dlq);
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out())
        .contains("0@0")
        .contains("0@1")
        .contains("java.lang.IllegalStateException: spec mlpipe.yaml has no model")
        .contains("failed in trainer on mlpipe.commit-0@7");

    CommandLineRun one = mlpipe("dlq", "replay", dlq, "--offset", "1");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out()).contains("replayed " + dlq + "-0@1 -> mlpipe.commit-");

    CommandLineRun all = mlpipe("dlq", "replay", dlq, "--all");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).contains(dlq + "-0@0").contains(dlq + "-0@1");
    CommandLineRun again = mlpipe("dlq", "replay", dlq, "--all");
    assertThat(again.out()).contains("nothing to replay");

    CommandLineRun missing = mlpipe("dlq", "replay", dlq, "--offset", "9");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no record at offset 9");
  }

  private static CommandLineRun mlpipe(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = kafka.bootstrapServers();
    return CommandLineRun.of(all);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
