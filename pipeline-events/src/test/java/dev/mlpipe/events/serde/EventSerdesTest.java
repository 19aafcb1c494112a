package dev.mlpipe.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class EventSerdesTest {

  private final FakeSchemaRegistryClient registry = new FakeSchemaRegistryClient();
  private final EventSerdes serdes = new EventSerdes(registry);

  @Test
  void shouldRoundTripTheSampleEventOfEveryCatalogueTopic() {
    for (SpecificRecord event : SampleEvents.all()) {
      assertRoundTrip(Topics.forValueType(event.getClass()), event);
    }
    assertThat(registry.subjects())
        .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::valueSubject).toList());
  }

  private <V extends SpecificRecord> void assertRoundTrip(Topic<V> topic, SpecificRecord event) {
    V value = topic.valueType().cast(event);
    Serde<V> serde = serdes.valueSerde(topic);
    byte[] bytes = serde.serializer().serialize(topic.name(), value);

    assertThat(serde.deserializer().deserialize(topic.name(), bytes)).isEqualTo(value);
    assertThat(serdes.decoder(topic).decode(topic.name(), 0, 0L, bytes)).isEqualTo(value);
    GenericRecord generic =
        serdes.genericValueSerde().deserializer().deserialize(topic.name(), bytes);
    assertThat(generic.get("model")).hasToString(SampleEvents.MODEL);
  }

  @Test
  void shouldShareOneSerializerPerTopicSoSchemasAreRegisteredOnce() {
    serdes
        .valueSerializer(Topics.COMMIT)
        .serialize(Topics.COMMIT.name(), SampleEvents.commitPushed());
    serdes
        .valueSerde(Topics.COMMIT)
        .serializer()
        .serialize(Topics.COMMIT.name(), SampleEvents.commitPushed());

    assertThat(serdes.valueSerializer(Topics.COMMIT))
        .isSameAs(serdes.valueSerializer(Topics.COMMIT));
    assertThat(registry.registerCalls).hasValue(1);
  }

  @Test
  void shouldWriteKeysAsPlainUtf8ModelNames() {
    byte[] key = EventSerdes.keySerializer().serialize(Topics.COMMIT.name(), "modèle-1");

    assertThat(key).isEqualTo("modèle-1".getBytes(StandardCharsets.UTF_8));
    assertThat(EventSerdes.keyDeserializer().deserialize(Topics.COMMIT.name(), key))
        .isEqualTo("modèle-1");
  }
}
