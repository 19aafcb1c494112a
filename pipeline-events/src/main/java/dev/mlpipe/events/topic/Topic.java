package dev.mlpipe.events.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A pipeline topic: its name, the Avro type of its values, and how it is created. Keys are always
 * the model name (a string), so every event of one model is ordered in one partition.
 *
 * @param name the topic name, {@code mlpipe.*}
 * @param valueType the generated Avro class of the values
 * @param partitions partitions to create the topic with
 * @param configs topic configs to create it with (retention, cleanup policy)
 * @param <V> the value type
 */
public record Topic<V extends SpecificRecord>(
    String name, Class<V> valueType, int partitions, Map<String, String> configs) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, was " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** The dead-letter topic where records of this topic that cannot be processed go. */
  public String deadLetterTopic() {
    return Topics.deadLetterTopicOf(name);
  }

  /** The subject of this topic's values under the TopicNameStrategy. */
  public String valueSubject() {
    return name + "-value";
  }

  @Override
  public String toString() {
    return name;
  }
}
