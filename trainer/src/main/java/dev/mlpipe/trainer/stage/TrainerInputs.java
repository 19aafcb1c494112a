package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes each of the trainer's input topics into its own event type, so one stage runtime consumes
 * all of them (and a record that cannot be decoded is dead-lettered to its own topic's dead-letter
 * topic).
 */
public final class TrainerInputs implements Deserializer<SpecificRecord> {

  private final Map<String, Deserializer<? extends SpecificRecord>> byTopic = new LinkedHashMap<>();

  public TrainerInputs(EventSerdes serdes, List<Topic<? extends SpecificRecord>> topics) {
    for (Topic<? extends SpecificRecord> topic : topics) {
      byTopic.put(topic.name(), serdes.valueDeserializer(topic));
    }
  }

  /** The topics decoded. */
  public List<String> topics() {
    return List.copyOf(byTopic.keySet());
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    Deserializer<? extends SpecificRecord> deserializer = byTopic.get(topic);
    if (deserializer == null) {
      throw new IllegalArgumentException(
          "the trainer has no decoder for topic " + topic + "; it reads " + byTopic.keySet());
    }
    return deserializer.deserialize(topic, data);
  }
}
