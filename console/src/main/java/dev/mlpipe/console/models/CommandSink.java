package dev.mlpipe.console.models;

import dev.mlpipe.schemas.PipelineCommand;
import java.util.Objects;

/** Where the console's buttons send their commands: {@code mlpipe.commands}, or a test's list. */
@FunctionalInterface
public interface CommandSink {

  /**
   * Publishes the command and waits until Kafka acknowledged it.
   *
   * @throws IllegalStateException saying why it could not be published
   */
  Receipt publish(PipelineCommand command);

  /** Where the command landed. */
  record Receipt(String topic, int partition, long offset) {
    public Receipt {
      Objects.requireNonNull(topic, "topic");
    }
  }
}
