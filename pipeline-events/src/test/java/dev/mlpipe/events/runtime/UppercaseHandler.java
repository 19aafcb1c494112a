package dev.mlpipe.events.runtime;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A test stage: publishes each value upper-cased, and cannot handle the value {@value #BOOM}. */
final class UppercaseHandler implements StageHandler<String, String> {

  static final String BOOM = "boom";

  private final String outputTopic;

  UppercaseHandler(String outputTopic) {
    this.outputTopic = outputTopic;
  }

  @Override
  public List<ProducerRecord<String, String>> handle(InputEvent<String> event) {
    if (BOOM.equals(event.value())) {
      throw new IllegalStateException("cannot handle " + event.position());
    }
    return List.of(
        new ProducerRecord<>(outputTopic, event.key(), event.value().toUpperCase(Locale.ROOT)));
  }
}
