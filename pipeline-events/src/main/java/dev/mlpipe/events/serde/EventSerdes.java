package dev.mlpipe.events.serde;

import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.topic.Topic;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the serdes of the catalogue's topics: values in the Confluent wire format, keys (the model
 * name) as plain UTF-8 strings. One instance per process shares its serializers and deserializers,
 * which are thread-safe, so every schema is registered and fetched once.
 */
public final class EventSerdes {

  private final SchemaRegistryClient client;
  private final WireSerdeConfig config;
  private final Map<Topic<?>, AvroWireSerializer<?>> serializers = new ConcurrentHashMap<>();
  private final Map<Topic<?>, AvroWireDeserializer<?>> deserializers = new ConcurrentHashMap<>();

  /**
   * @param client the schema registry, owned by the caller (closing serdes does not close it)
   * @param config how schemas are registered and subjects named
   */
  public EventSerdes(SchemaRegistryClient client, WireSerdeConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** With the default options (auto-register, topic name strategy). */
  public EventSerdes(SchemaRegistryClient client) {
    this(client, WireSerdeConfig.defaults());
  }

  /** The registry these serdes use. */
  public SchemaRegistryClient client() {
    return client;
  }

  /** The options these serdes use. */
  public WireSerdeConfig config() {
    return config;
  }

  /** The value serde of a topic. */
  public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
    return Serdes.serdeFrom(valueSerializer(topic), valueDeserializer(topic));
  }

  /** The value serializer of a topic. */
  public <V extends SpecificRecord> AvroWireSerializer<V> valueSerializer(Topic<V> topic) {
    Objects.requireNonNull(topic, "topic");
    @SuppressWarnings("unchecked")
    AvroWireSerializer<V> serializer =
        (AvroWireSerializer<V>)
            serializers.computeIfAbsent(topic, t -> new AvroWireSerializer<V>(client, config));
    return serializer;
  }

  /** The value deserializer of a topic; it is also the topic's {@link EventDecoder}. */
  public <V extends SpecificRecord> AvroWireDeserializer<V> valueDeserializer(Topic<V> topic) {
    Objects.requireNonNull(topic, "topic");
    @SuppressWarnings("unchecked")
    AvroWireDeserializer<V> deserializer =
        (AvroWireDeserializer<V>)
            deserializers.computeIfAbsent(
                topic, t -> AvroWireDeserializer.specific(client, topic.valueType()));
    return deserializer;
  }

  /** The decoder of a topic's values, whose errors name topic, partition and offset. */
  public <V extends SpecificRecord> EventDecoder<V> decoder(Topic<V> topic) {
    return valueDeserializer(topic);
  }

  /** A serde for generic records of any topic (the console, {@code mlpipe watch}, the DLQ tool). */
  public Serde<GenericRecord> genericValueSerde() {
    return Serdes.serdeFrom(
        new AvroWireSerializer<GenericRecord>(client, config),
        AvroWireDeserializer.generic(client));
  }

  /** The key serde: the model name as a UTF-8 string. */
  public static Serde<String> keySerde() {
    return Serdes.String();
  }

  /** The key serializer: the model name as a UTF-8 string. */
  public static Serializer<String> keySerializer() {
    return keySerde().serializer();
  }

  /** The key deserializer: the model name as a UTF-8 string. */
  public static Deserializer<String> keyDeserializer() {
    return keySerde().deserializer();
  }
}
