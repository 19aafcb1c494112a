package dev.mlpipe.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.console.dlq.DeadLetterEntry;
import dev.mlpipe.events.runtime.DeadLetters;
import dev.mlpipe.events.topic.Topics;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DlqCommandTest {

  @Test
  void shouldAskForEitherAnOffsetOrAll() {
    CommandLineRun run = CommandLineRun.of("dlq", "replay", Topics.COMMIT.deadLetterTopic());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--offset").contains("--all");
  }

  @Test
  void shouldRefuseToReplayFromATopicThatIsNotADeadLetterTopic() {
    CommandLineRun run =
        CommandLineRun.of(
            "dlq", "replay", Topics.COMMIT.name(), "--offset", "3", "--bootstrap", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not the dead-letter topic").contains("mlpipe dlq list");
  }

  @Test
  void shouldShowEachDeadLettersErrorAndWhereItFailed() {
    DeadLetterEntry entry =
        new DeadLetterEntry(
            Topics.COMMIT.deadLetterTopic(),
            0,
            41,
            Instant.parse("2026-11-16T10:00:00Z"),
            "recommender",
            120,
            Optional.of(
                new DeadLetters.DeadLetter(
                    "java.lang.IllegalStateException",
                    "spec mlpipe.yaml has no model",
                    "",
                    Topics.COMMIT.name(),
                    0,
                    7,
                    Optional.of("trainer"),
                    Optional.empty())),
            Optional.empty());

    String text = DlqListCommand.render(entry);

    assertThat(text)
        .contains("0@41")
        .contains("key=recommender")
        .contains("java.lang.IllegalStateException: spec mlpipe.yaml has no model")
        .contains("failed in trainer on " + Topics.COMMIT.name() + "-0@7");
  }
}
