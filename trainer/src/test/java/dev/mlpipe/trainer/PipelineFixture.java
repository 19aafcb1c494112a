package dev.mlpipe.trainer;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.EventMeta;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An in-process broker with the pipeline's topics and an embedded schema registry, and blocking
 * helpers to publish a commit and read a topic's committed events, for the trainer's ITs.
 */
public final class PipelineFixture implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;
  private final HttpSchemaRegistryClient client;
  private final EventSerdes serdes;

  private PipelineFixture(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
    this.client = HttpSchemaRegistryClient.of(registry.url());
    this.serdes = new EventSerdes(client);
  }

  public static PipelineFixture start() {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup setup = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      setup.createCatalogue();
    }
    return new PipelineFixture(kafka, EmbeddedSchemaRegistry.startInMemory());
  }

  public String bootstrap() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  /** A trainer's environment with its data under {@code dataDir}. */
  public StageEnvironment environment(Path dataDir, String instanceId) {
    return new StageEnvironment(bootstrap(), URI.create(registryUrl()), dataDir, "dev", instanceId);
  }

  /** A CommitPushed starting a new run; returns the event. */
  public static CommitPushed commit(String model, String repo, String sha, String specPath) {
    return CommitPushed.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRunId(UUID.randomUUID().toString())
                .setCausationId(null)
                .setOccurredAt(Instant.now())
                .setProducer("test")
                .build())
        .setModel(model)
        .setRepo(repo)
        .setSha(sha)
        .setSpecPath(specPath)
        .build();
  }

  /** Publishes the commit event keyed by its model and waits for the broker's ack. */
  public void publish(CommitPushed commit) throws Exception {
    try (KafkaProducer<String, CommitPushed> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            serdes.valueSerializer(Topics.COMMIT))) {
      producer
          .send(new ProducerRecord<>(Topics.COMMIT.name(), commit.getModel(), commit))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Publishes events to a topic, each keyed by {@code key}, and waits for the broker's acks. */
  @SafeVarargs
  public final <V extends SpecificRecord> void publish(Topic<V> topic, String key, V... events)
      throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            serdes.valueSerializer(topic))) {
      for (V event : events) {
        producer
            .send(new ProducerRecord<>(topic.name(), key, event))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Whether the consumer group has committed offsets up to the end of every partition of the topic:
   * it has handled everything published there.
   */
  public boolean groupHasConsumed(String group, Topic<?> topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < topic.partitions(); p++) {
        latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
      for (var end : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        long position = offset == null ? 0 : offset.offset();
        if (position < end.getValue().offset()) {
          return false;
        }
      }
      return true;
    }
  }

  /** Every committed event of the topic, in partition order. */
  public <V extends SpecificRecord> List<V> readCommitted(Topic<V> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<V> values = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), serdes.valueDeserializer(topic))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), TIMEOUT).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + end + " in time");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  @Override
  public void close() {
    try {
      client.close();
      registry.close();
    } finally {
      kafka.close();
    }
  }
}
