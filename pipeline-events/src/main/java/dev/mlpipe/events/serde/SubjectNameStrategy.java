package dev.mlpipe.events.serde;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/** How the registry subject of a record is named, as Confluent's subject name strategies do. */
public enum SubjectNameStrategy {
  /** {@code <topic>-value} (or {@code -key}): one schema lineage per topic. The default. */
  TOPIC("topic", "io.confluent.kafka.serializers.subject.TopicNameStrategy"),
  /** {@code <full record name>}: one lineage per record type, shared by every topic. */
  RECORD("record", "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
  /** {@code <topic>-<full record name>}: one lineage per record type and topic. */
  TOPIC_RECORD("topic-record", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

  private final String configName;
  private final String confluentClass;

  SubjectNameStrategy(String configName, String confluentClass) {
    this.configName = configName;
    this.confluentClass = confluentClass;
  }

  /** The name used in configuration: {@code topic}, {@code record} or {@code topic-record}. */
  public String configName() {
    return configName;
  }

  /** The subject of a record with this schema written to this topic. */
  public String subject(String topic, boolean isKey, Schema schema) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(schema, "schema");
    return switch (this) {
      case TOPIC -> topic + (isKey ? "-key" : "-value");
      case RECORD -> recordName(schema);
      case TOPIC_RECORD -> topic + "-" + recordName(schema);
    };
  }

  private String recordName(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "subject name strategy "
              + configName
              + " needs a record schema, got "
              + schema.getType().getName()
              + "; use the topic strategy for non-record values");
    }
    return schema.getFullName();
  }

  /**
   * Parses {@code topic}, {@code record} or {@code topic-record} (case-insensitive), or the class
   * name of the matching Confluent strategy, so Confluent client configurations keep working.
   */
  public static SubjectNameStrategy parse(String text) {
    if (text != null) {
      String trimmed = text.trim();
      for (SubjectNameStrategy strategy : values()) {
        if (strategy.configName.equals(trimmed.toLowerCase(Locale.ROOT))
            || strategy.confluentClass.equals(trimmed)
            || strategy.name().equalsIgnoreCase(trimmed)) {
          return strategy;
        }
      }
    }
    throw new IllegalArgumentException(
        "invalid subject name strategy '"
            + text
            + "'; valid values are "
            + Arrays.stream(values())
                .map(SubjectNameStrategy::configName)
                .collect(Collectors.joining(", "))
            + " (or the Confluent strategy class names)");
  }
}
