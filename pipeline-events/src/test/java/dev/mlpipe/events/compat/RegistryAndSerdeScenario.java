package dev.mlpipe.events.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.serde.WireFormat;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.TrainingStarted;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry-client, serde and publish/consume scenario, written once and run by each subclass
 * against the broker and Confluent-compatible registry it provides: mlpipe's embedded ones, or the
 * apache/kafka and confluentinc/cp-schema-registry images. Each test uses its own subjects and
 * topics, so the tests of one class share one broker and one registry.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class RegistryAndSerdeScenario {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Schema ORDER_V1 = order("{\"name\":\"id\",\"type\":\"string\"}");

  /** V1 plus a field with a default: a BACKWARD compatible change. */
  private static final Schema ORDER_V2 =
      order(
          "{\"name\":\"id\",\"type\":\"string\"}",
          "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}");

  /** V1 plus a field without a default: new readers cannot read old data, not BACKWARD. */
  private static final Schema ORDER_WITH_REQUIRED_OWNER =
      order("{\"name\":\"id\",\"type\":\"string\"}", "{\"name\":\"owner\",\"type\":\"string\"}");

  private HttpSchemaRegistryClient registry;
  private EventSerdes serdes;
  private String run;

  /** {@code host:port} of the broker under test, reachable from this JVM. */
  protected abstract String bootstrapServers();

  /** Base URL of the registry under test, reachable from this JVM. */
  protected abstract String registryUrl();

  @BeforeEach
  void connect() {
    registry = HttpSchemaRegistryClient.of(registryUrl());
    serdes = new EventSerdes(registry);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void disconnect() {
    registry.close();
  }

  // --- registry client ----------------------------------------------------------------------

  @Test
  void shouldRegisterLookUpAndListTheVersionsOfASubject() {
    String subject = "compat-orders-" + run + "-value";

    int v1 = registry.register(subject, ORDER_V1);
    int v2 = registry.register(subject, ORDER_V2);

    try (HttpSchemaRegistryClient uncached = HttpSchemaRegistryClient.of(registryUrl())) {
      assertThat(uncached.register(subject, ORDER_V1)).isEqualTo(v1);
      assertThat(uncached.schemaById(v1)).isEqualTo(ORDER_V1);
      assertThat(uncached.lookUp(subject, ORDER_V1))
          .isEqualTo(new SchemaVersion(subject, 1, v1, ORDER_V1));
      assertThat(uncached.versions(subject)).containsExactly(1, 2);
      assertThat(uncached.version(subject, "1").id()).isEqualTo(v1);
      SchemaVersion latest = uncached.latest(subject);
      assertThat(latest.version()).isEqualTo(2);
      assertThat(latest.id()).isEqualTo(v2).isNotEqualTo(v1);
      assertThat(latest.schema()).isEqualTo(ORDER_V2);
      assertThat(uncached.subjects()).contains(subject);
    }
  }

  @Test
  void shouldAnswerWithConfluentErrorCodesForSubjectsVersionsAndSchemasThatAreNotThere() {
    String subject = "compat-orders-" + run + "-value";
    registry.register(subject, ORDER_V1);

    assertThatThrownBy(() -> registry.versions("compat-unknown-" + run + "-value"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
              assertThat(e.httpStatus()).isEqualTo(404);
            });
    assertThatThrownBy(() -> registry.version(subject, "7"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
    assertThatThrownBy(() -> registry.lookUp(subject, ORDER_V2))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
  }

  @Test
  void shouldKeepASubjectsOwnCompatibilityLevelAndOtherwiseFallBackToTheGlobalOne() {
    String subject = "compat-orders-" + run + "-value";
    registry.register(subject, ORDER_V1);
    CompatibilityLevel global = registry.globalCompatibility();

    CompatibilityLevel before = registry.subjectCompatibility(subject);
    registry.setSubjectCompatibility(subject, CompatibilityLevel.FULL);

    assertThat(global).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(before).isEqualTo(global);
    assertThat(registry.subjectCompatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
    assertThat(registry.globalCompatibility()).isEqualTo(global);
  }

  @Test
  void shouldRefuseAnIncompatibleSchemaWith409UntilTheSubjectsLevelAllowsIt() {
    String subject = "compat-orders-" + run + "-value";
    registry.register(subject, ORDER_V1);

    CompatibilityResult compatible = registry.testCompatibility(subject, "latest", ORDER_V2);
    CompatibilityResult incompatible =
        registry.testCompatibility(subject, "latest", ORDER_WITH_REQUIRED_OWNER);

    assertThat(compatible.compatible()).isTrue();
    assertThat(incompatible.compatible()).isFalse();
    assertThat(incompatible.messages()).isNotEmpty();
    assertThatThrownBy(() -> registry.register(subject, ORDER_WITH_REQUIRED_OWNER))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
              assertThat(e.httpStatus()).isEqualTo(409);
            });
    assertThat(registry.versions(subject)).containsExactly(1);

    registry.setSubjectCompatibility(subject, CompatibilityLevel.NONE);
    registry.register(subject, ORDER_WITH_REQUIRED_OWNER);

    assertThat(registry.versions(subject)).containsExactly(1, 2);
  }

  // --- serdes and the broker ----------------------------------------------------------------

  @Test
  void shouldDecodeEventsOfSeveralCatalogueTypesAsTheyWerePublished() {
    assertPublishedAndReadBack(Topics.COMMIT, SampleEvents.commitPushed());
    assertPublishedAndReadBack(Topics.TRAINING_FINISHED, SampleEvents.trainingFinished());
    assertPublishedAndReadBack(Topics.VALIDATION_PASSED, SampleEvents.validationPassed());
    assertPublishedAndReadBack(Topics.MODEL_DEPLOYED, SampleEvents.modelDeployed());
    assertPublishedAndReadBack(Topics.DRIFT_DETECTED, SampleEvents.driftDetected());
    assertPublishedAndReadBack(Topics.COMMANDS, SampleEvents.pipelineCommand());
  }

  @Test
  void shouldDecodeAnEventWrittenWithAnOlderSchemaIntoTheNewerClass() {
    Topic<CommitPushed> topic = testTopic(Topics.COMMIT);
    createTopics(topic.name());
    CommitPushed sample = SampleEvents.commitPushed();
    GenericRecord old = olderCommitPushed(sample);
    byte[] oldBytes = serdes.genericValueSerde().serializer().serialize(topic.name(), old);
    byte[] newBytes = serdes.valueSerializer(topic).serialize(topic.name(), sample);
    publish(
        List.of(
            new ProducerRecord<>(topic.name(), sample.getModel(), oldBytes),
            new ProducerRecord<>(topic.name(), sample.getModel(), newBytes)));

    List<CommitPushed> read = readBack(topic, true);

    assertThat(registry.versions(topic.valueSubject())).containsExactly(1, 2);
    assertThat(schemaIdOf(oldBytes)).isNotEqualTo(schemaIdOf(newBytes));
    assertThat(read).hasSize(2);
    CommitPushed fromOld = read.get(0);
    assertThat(fromOld.getMeta()).isEqualTo(sample.getMeta());
    assertThat(fromOld.getSha()).isEqualTo(sample.getSha());
    assertThat(fromOld.getRepo()).isEqualTo(sample.getRepo());
    assertThat(fromOld.getChangedPaths()).isEmpty();
    assertThat(fromOld.getPullRequest()).isNull();
    assertThat(read.get(1)).isEqualTo(sample);
  }

  @Test
  void shouldDeliverOnlyCommittedTransactionsToAReadCommittedConsumer() {
    Topic<TrainingStarted> topic = testTopic(Topics.TRAINING_STARTED);
    createTopics(topic.name());
    TrainingStarted first = withCommit(SampleEvents.trainingStarted(), "1111111");
    TrainingStarted second = withCommit(SampleEvents.trainingStarted(), "2222222");
    TrainingStarted aborted = withCommit(SampleEvents.trainingStarted(), "dead000");
    Map<String, Object> config = producerConfig();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "compat-tx-" + run);

    try (KafkaProducer<String, TrainingStarted> producer =
        new KafkaProducer<>(config, EventSerdes.keySerializer(), serdes.valueSerializer(topic))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic.name(), first.getModel(), first));
      producer.send(new ProducerRecord<>(topic.name(), second.getModel(), second));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic.name(), aborted.getModel(), aborted));
      producer.flush();
      producer.abortTransaction();
    }

    assertThat(readBack(topic, false)).containsExactly(first, second, aborted);
    assertThat(readBack(topic, true)).containsExactly(first, second);
  }

  // --- catalogue setup ----------------------------------------------------------------------

  @Test
  void shouldCreateTheCatalogueTopicsAndRegisterTheCatalogueSchemasIdempotently() throws Exception {
    List<String> catalogue = TopicSetup.catalogue().stream().map(TopicSetup.Spec::name).toList();

    TopicSetup.Report first;
    TopicSetup.Report second;
    try (TopicSetup setup = TopicSetup.connect(bootstrapServers(), 1)) {
      first = setup.createCatalogue();
      second = setup.createCatalogue();
    }
    Map<String, Integer> ids = new SchemaSetup(registry).registerCatalogue();
    Map<String, Integer> idsAgain;
    try (HttpSchemaRegistryClient uncached = HttpSchemaRegistryClient.of(registryUrl())) {
      idsAgain = new SchemaSetup(uncached).registerCatalogue();
      for (Map.Entry<String, Integer> subject : ids.entrySet()) {
        assertThat(uncached.latest(subject.getKey()).id())
            .as("latest id of %s", subject.getKey())
            .isEqualTo(subject.getValue());
      }
    }

    List<String> inPlace = new ArrayList<>(first.created());
    inPlace.addAll(first.unchanged());
    assertThat(inPlace).containsExactlyInAnyOrderElementsOf(catalogue);
    assertThat(second.created()).isEmpty();
    assertThat(second.grown()).isEmpty();
    assertThat(second.unchanged()).containsExactlyInAnyOrderElementsOf(catalogue);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(names).containsAll(catalogue);
    }
    assertThat(ids.keySet())
        .containsExactlyElementsOf(Topics.ALL.stream().map(Topic::valueSubject).toList());
    assertThat(idsAgain).isEqualTo(ids);
  }

  // --- helpers ------------------------------------------------------------------------------

  private <V extends SpecificRecord> void assertPublishedAndReadBack(Topic<V> catalogue, V event) {
    Topic<V> topic = testTopic(catalogue);
    createTopics(topic.name());
    byte[] bytes = serdes.valueSerializer(topic).serialize(topic.name(), event);
    publish(List.of(new ProducerRecord<>(topic.name(), SampleEvents.MODEL, bytes)));

    List<ConsumerRecord<String, byte[]>> records = read(topic.name(), true);

    assertThat(records).as("records in %s", topic).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    V decoded =
        serdes
            .decoder(topic)
            .decode(record.topic(), record.partition(), record.offset(), record.value());
    assertThat(decoded)
        .as("%s read back from %s", event.getSchema().getName(), topic)
        .isEqualTo(event);
    assertThat(record.key()).isEqualTo(SampleEvents.MODEL);
    assertThat(schemaIdOf(record.value()))
        .as("schema id in the wire header of %s", topic)
        .isEqualTo(registry.latest(topic.valueSubject()).id());
  }

  /** A topic of its own for this test, with a catalogue topic's value type. */
  private <V extends SpecificRecord> Topic<V> testTopic(Topic<V> catalogue) {
    return new Topic<>(
        "compat." + run + "." + catalogue.name(), catalogue.valueType(), 1, Map.of());
  }

  private void createTopics(String... names) {
    try (TopicSetup setup = TopicSetup.connect(bootstrapServers(), 1)) {
      for (String name : names) {
        setup.create(new TopicSetup.Spec(name, 1, Map.of()));
      }
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /** Sends the records with acks=all and waits for each to be acknowledged. */
  private void publish(List<ProducerRecord<String, byte[]>> records) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> record : records) {
        producer.send(record).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("could not publish to " + bootstrapServers() + ": " + e, e);
    }
  }

  /** The topic's values, decoded into its class, in offset order. */
  private <V extends SpecificRecord> List<V> readBack(Topic<V> topic, boolean readCommitted) {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : read(topic.name(), readCommitted)) {
      values.add(
          serdes
              .decoder(topic)
              .decode(record.topic(), record.partition(), record.offset(), record.value()));
    }
    return values;
  }

  /**
   * Every record of a one-partition topic up to its end: the last stable offset when {@code
   * readCommitted}, the high watermark otherwise.
   */
  private List<ConsumerRecord<String, byte[]>> read(String topic, boolean readCommitted) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end + " in time");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** The schema id of Confluent's wire format: magic byte 0, then the id as a big-endian int. */
  private static int schemaIdOf(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertThat(buffer.get()).as("magic byte").isEqualTo(WireFormat.MAGIC_BYTE);
    return buffer.getInt();
  }

  private static TrainingStarted withCommit(TrainingStarted event, String sha) {
    return TrainingStarted.newBuilder(event).setCommitSha(sha).build();
  }

  /** The sample as the CommitPushed of before {@code changedPaths} and {@code pullRequest}. */
  private static GenericRecord olderCommitPushed(CommitPushed sample) {
    Schema current = CommitPushed.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("changedPaths") && !f.name().equals("pullRequest")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    Schema older =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord old = new GenericData.Record(older);
    for (Schema.Field f : older.getFields()) {
      old.put(
          f.name(),
          f.name().equals("meta") ? genericMeta(f.schema(), sample) : sample.get(f.name()));
    }
    return old;
  }

  /** Generic records carry plain values: the timestamp as epoch millis, not an Instant. */
  private static GenericRecord genericMeta(Schema schema, CommitPushed sample) {
    GenericRecord meta = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      meta.put(f.name(), sample.getMeta().get(f.name()));
    }
    meta.put("occurredAt", sample.getMeta().getOccurredAt().toEpochMilli());
    return meta;
  }

  private static Schema order(String... fields) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"dev.mlpipe.compat\","
                + "\"fields\":["
                + String.join(",", fields)
                + "]}");
  }
}
