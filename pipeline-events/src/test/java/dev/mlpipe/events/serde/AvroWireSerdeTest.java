package dev.mlpipe.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.serde.WireFormatException.Kind;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.TrainingFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireSerdeTest {

  private static final String TOPIC = "test.commit";

  private final FakeSchemaRegistryClient registry = new FakeSchemaRegistryClient();

  static Stream<SpecificRecord> everyEvent() {
    return SampleEvents.all().stream();
  }

  private <T extends SpecificRecord> AvroWireDeserializer<T> specificReader(Class<T> type) {
    return AvroWireDeserializer.specific(registry, type);
  }

  private AvroWireSerializer<Object> writer(WireSerdeConfig config) {
    return new AvroWireSerializer<>(registry, config);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void shouldRoundTripEveryEventTypeAsItsGeneratedClass(SpecificRecord event) {
    byte[] bytes = writer(WireSerdeConfig.defaults()).serialize("test.events", event);

    Object decoded = specificReader(event.getClass()).deserialize("test.events", bytes);

    assertThat(decoded).isEqualTo(event);
    assertThat(bytes[0]).isZero();
    assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(registry.latest("test.events-value").id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void shouldRoundTripEveryEventTypeAsGenericRecord(SpecificRecord event) {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    byte[] specificBytes = serializer.serialize("test.events", event);

    GenericRecord generic =
        AvroWireDeserializer.generic(registry).deserialize("test.events", specificBytes);
    byte[] genericBytes = serializer.serialize("test.events", generic);

    assertThat(generic.getSchema().getFullName()).isEqualTo(event.getSchema().getFullName());
    assertThat(WireFormat.readSchemaId(genericBytes))
        .isEqualTo(WireFormat.readSchemaId(specificBytes));
    assertThat(specificReader(event.getClass()).deserialize("test.events", genericBytes))
        .isEqualTo(event);
  }

  @Test
  void shouldReturnNullForNullPayloadAndNullRecord() {
    assertThat(writer(WireSerdeConfig.defaults()).serialize(TOPIC, null)).isNull();
    assertThat(specificReader(CommitPushed.class).deserialize(TOPIC, null)).isNull();
    assertThat(specificReader(CommitPushed.class).decode(TOPIC, 0, 5L, null)).isNull();
  }

  @Test
  void shouldNameSubjectAfterTopicByDefault() {
    writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.commitPushed());

    assertThat(registry.subjects()).containsExactly("test.commit-value");
  }

  @Test
  void shouldNameKeySubjectAfterTopicWithKeySuffix() {
    new AvroWireSerializer<Object>(registry, WireSerdeConfig.defaults(), true)
        .serialize(TOPIC, SampleEvents.commitPushed());

    assertThat(registry.subjects()).containsExactly("test.commit-key");
  }

  @Test
  void shouldNameSubjectAfterRecordWithRecordStrategy() {
    WireSerdeConfig config =
        WireSerdeConfig.fromProperties(Map.of("value.subject.name.strategy", "record"));
    writer(config).serialize(TOPIC, SampleEvents.commitPushed());
    writer(config).serialize("other.topic", SampleEvents.commitPushed());

    assertThat(registry.subjects()).containsExactly("dev.mlpipe.schemas.CommitPushed");
  }

  @Test
  void shouldNameSubjectAfterTopicAndRecordWithTopicRecordStrategy() {
    WireSerdeConfig config =
        WireSerdeConfig.fromProperties(
            Map.of(
                "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"));
    writer(config).serialize(TOPIC, SampleEvents.commitPushed());
    writer(config).serialize(TOPIC, SampleEvents.trainingFailed());

    assertThat(registry.subjects())
        .containsExactly(
            "test.commit-dev.mlpipe.schemas.CommitPushed",
            "test.commit-dev.mlpipe.schemas.TrainingFailed");
  }

  @Test
  void shouldGiveTheSameSchemaTheSameIdUnderEverySubject() {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    byte[] a = serializer.serialize("topic-a", SampleEvents.commitPushed());
    byte[] b = serializer.serialize("topic-b", SampleEvents.commitPushed());

    assertThat(WireFormat.readSchemaId(a)).isEqualTo(WireFormat.readSchemaId(b));
    assertThat(registry.subjects()).containsExactly("topic-a-value", "topic-b-value");
  }

  @Test
  void shouldReadOptionsFromConfluentPropertiesAndRejectInvalidValues() {
    WireSerdeConfig config =
        WireSerdeConfig.fromProperties(
            Map.of(
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "key.subject.name.strategy", "topic-record",
                "specific.avro.reader", "FALSE"));

    assertThat(config)
        .isEqualTo(
            new WireSerdeConfig(
                false, true, SubjectNameStrategy.TOPIC_RECORD, SubjectNameStrategy.TOPIC, false));
    assertThatThrownBy(() -> WireSerdeConfig.fromProperties(Map.of("auto.register.schemas", "yes")))
        .hasMessageContaining("auto.register.schemas")
        .hasMessageContaining("'yes'")
        .hasMessageContaining("true or false");
    assertThatThrownBy(
            () -> WireSerdeConfig.fromProperties(Map.of("value.subject.name.strategy", "bogus")))
        .hasMessageContaining("value.subject.name.strategy")
        .hasMessageContaining("'bogus'")
        .hasMessageContaining("topic, record, topic-record");
  }

  @Test
  void shouldWorkWhenKafkaInstantiatesAndConfiguresTheSerdes() {
    Map<String, Object> properties =
        Map.of(WireSerdeConfig.REGISTRY_CLIENT, registry, "specific.avro.reader", "true");
    AvroWireSerializer<Object> serializer = new AvroWireSerializer<>();
    serializer.configure(properties, false);
    AvroWireDeserializer<Object> deserializer = new AvroWireDeserializer<>();
    deserializer.configure(properties, false);

    byte[] bytes = serializer.serialize(TOPIC, SampleEvents.commitPushed());

    assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(SampleEvents.commitPushed());
  }

  @Test
  void shouldReadGenericRecordsWhenConfiguredWithoutTheSpecificReader() {
    AvroWireDeserializer<Object> deserializer = new AvroWireDeserializer<>();
    deserializer.configure(
        Map.of(WireSerdeConfig.REGISTRY_CLIENT, registry, "specific.avro.reader", false), false);

    Object read =
        deserializer.deserialize(
            TOPIC,
            writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.commitPushed()));

    assertThat(read).isInstanceOf(GenericData.Record.class);
    assertThat(((GenericRecord) read).get("sha")).hasToString(SampleEvents.commitPushed().getSha());
  }

  @Test
  void shouldKeepTheOptionsItWasBuiltWithWhenConfiguredAgain() {
    AvroWireSerializer<Object> serializer =
        writer(WireSerdeConfig.defaults().withAutoRegisterSchemas(false));
    serializer.configure(Map.of("auto.register.schemas", "true"), false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.commitPushed()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_REGISTERED));
  }

  @Test
  void shouldRefuseToBeConfiguredWithoutARegistryClient() {
    assertThatThrownBy(() -> new AvroWireSerializer<>().configure(Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(WireSerdeConfig.REGISTRY_CLIENT);
  }

  @Test
  void shouldFailNamingSubjectWhenAutoRegisterIsOffAndSchemaIsNotRegistered() {
    AvroWireSerializer<Object> serializer =
        writer(WireSerdeConfig.defaults().withAutoRegisterSchemas(false));

    assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.commitPushed()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_NOT_REGISTERED))
        .hasMessageContaining("'test.commit-value'")
        .hasMessageContaining("dev.mlpipe.schemas.CommitPushed")
        .hasMessageContaining("auto.register.schemas");
    assertThat(registry.registerCalls).hasValue(0);
  }

  @Test
  void shouldUseTheRegisteredIdWhenAutoRegisterIsOff() {
    int id = registry.register("test.commit-value", CommitPushed.getClassSchema());
    AvroWireSerializer<Object> serializer =
        writer(WireSerdeConfig.defaults().withAutoRegisterSchemas(false));

    byte[] bytes = serializer.serialize(TOPIC, SampleEvents.commitPushed());

    assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);
    assertThat(registry.registerCalls).hasValue(1);
    assertThat(specificReader(CommitPushed.class).deserialize(TOPIC, bytes))
        .isEqualTo(SampleEvents.commitPushed());
  }

  @Test
  void shouldAskTheRegistryOncePerSchemaNotPerRecord() {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    AvroWireDeserializer<CommitPushed> deserializer = specificReader(CommitPushed.class);

    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = serializer.serialize(TOPIC, SampleEvents.commitPushed());
      assertThat(deserializer.deserialize(TOPIC, bytes).getModel()).isEqualTo(SampleEvents.MODEL);
    }

    assertThat(registry.registerCalls).hasValue(1);
    assertThat(registry.schemaByIdCalls).hasValue(1);
  }

  @Test
  void shouldKeepWorkingFromItsCacheWhileTheRegistryIsDown() {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    AvroWireDeserializer<CommitPushed> deserializer = specificReader(CommitPushed.class);
    deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, SampleEvents.commitPushed()));

    registry.setDown(true);

    assertThat(
            deserializer.deserialize(
                TOPIC, serializer.serialize(TOPIC, SampleEvents.commitPushed())))
        .isEqualTo(SampleEvents.commitPushed());
  }

  @Test
  void shouldFailWithRegistryUnavailableAndRecoverWhenTheRegistryComesBack() {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    registry.setDown(true);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.commitPushed()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE))
        .hasMessageContaining("test.commit");

    registry.setDown(false);
    byte[] bytes = serializer.serialize(TOPIC, SampleEvents.commitPushed());
    registry.setDown(true);

    assertThatThrownBy(() -> specificReader(CommitPushed.class).decode(TOPIC, 1, 9L, bytes))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.REGISTRY_UNAVAILABLE))
        .hasMessageContaining("topic 'test.commit' partition 1 offset 9");
  }

  @Test
  void shouldFailWithIncompatibleSchemaWhenTheRegistryRefusesIt() {
    Schema incompatible =
        SchemaBuilder.record("CommitPushed")
            .namespace("dev.mlpipe.schemas")
            .fields()
            .requiredInt("model")
            .endRecord();
    registry.register("test.commit-value", incompatible);

    assertThatThrownBy(
            () -> writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.commitPushed()))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_SCHEMA))
        .hasMessageContaining("'test.commit-value'");
  }

  @Test
  void shouldFailWithInvalidRecordWhenARequiredFieldIsMissing() {
    CommitPushed broken = SampleEvents.commitPushed();
    broken.setRepo(null);

    assertThatThrownBy(() -> writer(WireSerdeConfig.defaults()).serialize(TOPIC, broken))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RECORD))
        .hasMessageContaining("dev.mlpipe.schemas.CommitPushed");
  }

  /** CommitPushed as the next version would have it: one more field, with a default. */
  private static Schema commitPushedWithExtraField() {
    Schema current = CommitPushed.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        1,
        new Schema.Field("team", Schema.create(Schema.Type.STRING), "owning team", "unassigned"));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /** CommitPushed as an earlier version had it: without changedPaths and pullRequest. */
  private static Schema commitPushedWithoutOptionalFields() {
    Schema current = CommitPushed.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("changedPaths") && !f.name().equals("pullRequest")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  @Test
  void shouldWriteWithTheLatestSchemaWhenUseLatestVersionIsOn() {
    registry.register("test.commit-value", CommitPushed.getClassSchema());
    int latestId = registry.register("test.commit-value", commitPushedWithExtraField());
    AvroWireSerializer<Object> serializer =
        writer(
            WireSerdeConfig.defaults().withAutoRegisterSchemas(false).withUseLatestVersion(true));

    byte[] bytes = serializer.serialize(TOPIC, SampleEvents.commitPushed());

    assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(latestId);
    GenericRecord generic = AvroWireDeserializer.generic(registry).deserialize(TOPIC, bytes);
    assertThat(generic.get("team")).hasToString("unassigned");
    assertThat(generic.get("sha")).hasToString(SampleEvents.commitPushed().getSha());
    assertThat(generic.get("pullRequest")).isEqualTo(42);
    assertThat(specificReader(CommitPushed.class).deserialize(TOPIC, bytes))
        .isEqualTo(SampleEvents.commitPushed());
  }

  @Test
  void shouldRefuseUseLatestVersionWhenTheLatestSchemaCannotHoldTheRecord() {
    registry.setSubjectCompatibility(
        "test.commit-value", dev.mlpipe.events.registry.CompatibilityLevel.NONE);
    registry.register(
        "test.commit-value",
        SchemaBuilder.record("CommitPushed")
            .namespace("dev.mlpipe.schemas")
            .fields()
            .requiredString("model")
            .requiredString("owner")
            .endRecord());

    assertThatThrownBy(
            () ->
                writer(WireSerdeConfig.defaults().withUseLatestVersion(true))
                    .serialize(TOPIC, SampleEvents.commitPushed()))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_MISMATCH))
        .hasMessageContaining("'test.commit-value'")
        .hasMessageContaining("owner");
  }

  @Test
  void shouldReadDataWrittenWithAnOlderSchemaIntoTheNewerClass() {
    Schema older = commitPushedWithoutOptionalFields();
    GenericRecord old = new GenericData.Record(older);
    CommitPushed sample = SampleEvents.commitPushed();
    for (Schema.Field f : older.getFields()) {
      Object value = sample.get(f.name());
      old.put(f.name(), f.name().equals("meta") ? toGenericMeta(f.schema(), sample) : value);
    }
    byte[] bytes = writer(WireSerdeConfig.defaults()).serialize(TOPIC, old);

    CommitPushed read = specificReader(CommitPushed.class).deserialize(TOPIC, bytes);

    assertThat(read.getSha()).isEqualTo(sample.getSha());
    assertThat(read.getMeta()).isEqualTo(sample.getMeta());
    assertThat(read.getChangedPaths()).isEmpty();
    assertThat(read.getPullRequest()).isNull();
  }

  private static GenericRecord toGenericMeta(Schema schema, CommitPushed sample) {
    GenericRecord meta = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      meta.put(f.name(), sample.getMeta().get(f.name()));
    }
    meta.put("occurredAt", sample.getMeta().getOccurredAt().toEpochMilli());
    return meta;
  }

  @Test
  void shouldReadDataWrittenWithANewerSchemaIntoTheOlderClass() {
    Schema newer = commitPushedWithExtraField();
    byte[] current =
        writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.commitPushed());
    GenericRecord generic =
        AvroWireDeserializer.generic(registry, newer).deserialize(TOPIC, current);
    generic.put("team", "recsys");
    byte[] newerBytes = writer(WireSerdeConfig.defaults()).serialize(TOPIC, generic);

    assertThat(WireFormat.readSchemaId(newerBytes)).isNotEqualTo(WireFormat.readSchemaId(current));
    assertThat(specificReader(CommitPushed.class).deserialize(TOPIC, newerBytes))
        .isEqualTo(SampleEvents.commitPushed());
  }

  @Test
  void shouldRoundTripEveryCommandOfTheCommandUnion() {
    PipelineCommand retrain =
        PipelineCommand.newBuilder(SampleEvents.pipelineCommand())
            .setCommand(Retrain.newBuilder().setReason("new data").build())
            .build();
    byte[] bytes = writer(WireSerdeConfig.defaults()).serialize("test.commands", retrain);

    assertThat(specificReader(PipelineCommand.class).deserialize("test.commands", bytes))
        .isEqualTo(retrain);
    assertThat(Environment.PRODUCTION.name()).isEqualTo("PRODUCTION");
  }

  @Test
  void shouldSerializeFromManyThreadsAtOnce() throws Exception {
    AvroWireSerializer<Object> serializer = writer(WireSerdeConfig.defaults());
    AvroWireDeserializer<CommitPushed> deserializer = specificReader(CommitPushed.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              for (int i = 0; i < 500; i++) {
                CommitPushed event = SampleEvents.commitPushed();
                event.setSha("sha-" + thread + "-" + i);
                event.setChangedPaths(List.of("x".repeat(i % 50)));
                CommitPushed back =
                    deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, event));
                if (!back.equals(event)) {
                  return false;
                }
              }
              return true;
            });
      }
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- malformed payloads -------------------------------------------------------------------

  private byte[] validCommit() {
    return writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.commitPushed());
  }

  private void assertDecodeFails(byte[] payload, Kind kind) {
    assertThatThrownBy(() -> specificReader(CommitPushed.class).decode(TOPIC, 2, 17L, payload))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.topic()).isEqualTo(TOPIC);
              assertThat(e.partition()).hasValue(2);
              assertThat(e.offset()).hasValue(17L);
            })
        .hasMessageContaining("topic 'test.commit' partition 2 offset 17");
    assertThatThrownBy(() -> specificReader(CommitPushed.class).deserialize(TOPIC, payload))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageContaining("topic 'test.commit'");
  }

  @Test
  void shouldReportEmptyPayloadAsTruncated() {
    assertDecodeFails(new byte[0], Kind.TRUNCATED);
  }

  @Test
  void shouldReportPayloadsShorterThanTheHeaderAsTruncated() {
    for (int length = 1; length <= 4; length++) {
      assertDecodeFails(new byte[length], Kind.TRUNCATED);
    }
  }

  @Test
  void shouldReportWrongMagicByte() {
    byte[] payload = validCommit();
    payload[0] = 1;
    assertDecodeFails(payload, Kind.WRONG_MAGIC_BYTE);
    assertDecodeFails(new byte[] {'{', '}'}, Kind.WRONG_MAGIC_BYTE);
  }

  @Test
  void shouldReportUnknownSchemaId() {
    byte[] payload = validCommit();
    WireFormat.writeHeader(payload, 9_999);
    assertDecodeFails(payload, Kind.UNKNOWN_SCHEMA_ID);
  }

  @Test
  void shouldReportTruncatedBody() {
    byte[] payload = validCommit();
    assertDecodeFails(java.util.Arrays.copyOf(payload, payload.length - 10), Kind.TRUNCATED);
    assertDecodeFails(java.util.Arrays.copyOf(payload, 5), Kind.TRUNCATED);
  }

  @Test
  void shouldReportGarbageBodyAsCorruptAvro() {
    byte[] payload = java.util.Arrays.copyOf(validCommit(), 40);
    java.util.Arrays.fill(payload, 5, payload.length, (byte) 0xff);
    assertDecodeFails(payload, Kind.CORRUPT_AVRO);
  }

  @Test
  void shouldReportTrailingBytesAsCorruptAvro() {
    byte[] valid = validCommit();
    byte[] payload = java.util.Arrays.copyOf(valid, valid.length + 3);
    assertDecodeFails(payload, Kind.CORRUPT_AVRO);
  }

  @Test
  void shouldReportARecordOfAnotherTypeAsSchemaMismatch() {
    byte[] failed =
        writer(WireSerdeConfig.defaults()).serialize(TOPIC, SampleEvents.trainingFailed());
    assertThat(specificReader(TrainingFailed.class).deserialize(TOPIC, failed))
        .isEqualTo(SampleEvents.trainingFailed());
    assertDecodeFails(failed, Kind.SCHEMA_MISMATCH);
    assertThatThrownBy(() -> specificReader(CommitPushed.class).deserialize(TOPIC, failed))
        .hasMessageContaining("TrainingFailed")
        .hasMessageContaining("CommitPushed");
  }
}
