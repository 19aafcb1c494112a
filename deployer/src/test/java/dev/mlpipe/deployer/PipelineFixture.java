package dev.mlpipe.deployer;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactFormat;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.artifact.StoredArtifact;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.ValidationPassed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A broker, a registry and the pipeline's topics for the deployer's ITs, with the few things the
 * tests do with them: store an artifact, publish an event, read a topic, call serving.
 */
final class PipelineFixture implements AutoCloseable {

  static final String MODEL = SampleEvents.MODEL;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;
  private final HttpSchemaRegistryClient registryClient;
  private final EventSerdes serdes;
  private final Path dataDir;

  PipelineFixture(Path dataDir) {
    this.dataDir = dataDir;
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    registryClient = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(registryClient).registerCatalogue();
    serdes = new EventSerdes(registryClient);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  StageEnvironment environment(String instanceId) {
    return new StageEnvironment(
        kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", instanceId);
  }

  ArtifactRef store(String version) {
    StoredArtifact stored =
        ArtifactFormat.store(
            ArtifactStore.at(dataDir.resolve("artifacts")), TestModels.artifact(MODEL, version));
    return new ArtifactRef(stored.sha256(), stored.uri().toString(), stored.sizeBytes());
  }

  static ValidationPassed validationPassed(String version, ArtifactRef artifact) {
    return ValidationPassed.newBuilder(SampleEvents.validationPassed())
        .setMeta(meta("run-" + version))
        .setVersion(version)
        .setArtifact(artifact)
        .build();
  }

  static EventMeta meta(String runId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(null)
        .setOccurredAt(Instant.now())
        .setProducer("it@test")
        .build();
  }

  <V extends SpecificRecord> void publish(Topic<V> topic, V value) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(props, EventSerdes.keySerializer(), serdes.valueSerializer(topic))) {
      producer.send(new ProducerRecord<>(topic.name(), MODEL, value)).get();
    }
  }

  <V extends SpecificRecord> void publishAll(Topic<V> topic, List<V> values) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(props, EventSerdes.keySerializer(), serdes.valueSerializer(topic))) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), MODEL, value));
      }
      producer.flush();
    }
  }

  /** The model's deployments as {@code version ENVIRONMENT STRATEGY percent}, in order. */
  List<String> deployments() {
    return readAll(Topics.MODEL_DEPLOYED).stream()
        .map(e -> (ModelDeployed) e)
        .map(
            d ->
                d.getVersion()
                    + " "
                    + d.getEnvironment()
                    + " "
                    + d.getStrategy()
                    + " "
                    + d.getTrafficPercent())
        .toList();
  }

  /** Every committed event of the topic, in partition order (one model: one partition). */
  List<SpecificRecord> readAll(Topic<? extends SpecificRecord> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<SpecificRecord> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          events.add(serdes.valueDeserializer(topic).deserialize(r.topic(), r.value()));
        }
      }
    }
    return events;
  }

  static HttpResponse<String> get(URI serving, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(serving.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    registryClient.close();
    registry.close();
    kafka.close();
  }
}
