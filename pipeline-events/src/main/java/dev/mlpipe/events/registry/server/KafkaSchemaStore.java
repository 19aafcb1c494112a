package dev.mlpipe.events.registry.server;

import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaStore} in a one-partition compacted Kafka topic ({@link Topics#SCHEMAS} by
 * default), created when missing. A command's position is its offset, so every registry instance on
 * the broker reads the same log and derives the same ids; ids survive restarts.
 *
 * <p>Each command is one record with a unique key: compaction never drops a command, because the
 * state is rebuilt by replaying all of them (a registry's log is small: one record per change).
 * Records in the topic that are not mlpipe registry commands (e.g. a Confluent registry's) are
 * skipped with a warning.
 */
public final class KafkaSchemaStore implements SchemaStore {

  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String bootstrapServers;
  private final String topic;
  private final TopicPartition partition;
  private final Duration timeout;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;

  private KafkaSchemaStore(
      String bootstrapServers,
      String topic,
      Duration timeout,
      KafkaProducer<String, String> producer,
      KafkaConsumer<String, String> consumer) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.timeout = timeout;
    this.producer = producer;
    this.consumer = consumer;
  }

  /** A store in the {@code _schemas} topic of this broker, with a 30 s timeout. */
  public static KafkaSchemaStore open(String bootstrapServers) {
    return open(bootstrapServers, Topics.SCHEMAS, Map.of(), Duration.ofSeconds(30));
  }

  /**
   * A store in {@code topic}.
   *
   * @param bootstrapServers the brokers
   * @param topic the topic (tests use their own; production uses {@link Topics#SCHEMAS})
   * @param clientProperties extra Kafka client properties for the admin, producer and consumer
   *     (e.g. security settings)
   * @param timeout the longest wait for the broker in one operation
   */
  public static KafkaSchemaStore open(
      String bootstrapServers,
      String topic,
      Map<String, Object> clientProperties,
      Duration timeout) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(clientProperties, "clientProperties");
    Objects.requireNonNull(timeout, "timeout");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("schema store bootstrapServers must not be blank");
    }
    if (topic.isBlank()) {
      throw new IllegalArgumentException("schema store topic must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("schema store timeout must be positive, was " + timeout);
    }
    Map<String, Object> common = new HashMap<>(clientProperties);
    common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    ensureTopic(common, bootstrapServers, topic, timeout);

    Map<String, Object> producerConfig = new HashMap<>(common);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    producerConfig.put(
        ProducerConfig.CLIENT_ID_CONFIG, "mlpipe-schema-registry-" + UUID.randomUUID());
    Map<String, Object> consumerConfig = new HashMap<>(common);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Every write is read back before it is answered: do not let a fetch park at the broker for
    // the default 500 ms waiting for more than the one small record the registry just wrote.
    consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumerConfig.put(
        ConsumerConfig.CLIENT_ID_CONFIG, "mlpipe-schema-registry-" + UUID.randomUUID());

    KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    KafkaConsumer<String, String> consumer;
    try {
      consumer =
          new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    return new KafkaSchemaStore(bootstrapServers, topic, timeout, producer, consumer);
  }

  private static void ensureTopic(
      Map<String, Object> common, String bootstrapServers, String topic, Duration timeout) {
    try (Admin admin = Admin.create(common)) {
      try {
        TopicDescription description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
        int partitions = description.partitions().size();
        if (partitions != 1) {
          throw new IllegalStateException(
              "schema topic '"
                  + topic
                  + "' at "
                  + bootstrapServers
                  + " has "
                  + partitions
                  + " partitions; the registry needs exactly 1 to keep one order of changes."
                  + " Delete it or point the registry at another topic");
        }
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw storeFailure("cannot describe schema topic '" + topic + "'", bootstrapServers, e);
        }
      }
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        log.info("created schema topic {} at {}", topic, bootstrapServers);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw storeFailure("cannot create schema topic '" + topic + "'", bootstrapServers, e);
        }
      }
    } catch (TimeoutException e) {
      throw new SchemaStoreException(
          "Kafka at "
              + bootstrapServers
              + " did not answer within "
              + timeout
              + " while preparing schema topic '"
              + topic
              + "'; check that the broker runs",
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaStoreException("interrupted while preparing schema topic " + topic, false, e);
    }
  }

  @Override
  public long append(RegistryCommand command) {
    String key = "mlpipe-registry-command-" + UUID.randomUUID();
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, 0, key, RegistryCommand.toJson(command));
    try {
      RecordMetadata metadata =
          producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return metadata.offset();
    } catch (ExecutionException e) {
      throw storeFailure("cannot write to schema topic '" + topic + "'", bootstrapServers, e);
    } catch (TimeoutException e) {
      throw new SchemaStoreException(
          "writing to schema topic '"
              + topic
              + "' at "
              + bootstrapServers
              + " took over "
              + timeout,
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaStoreException("interrupted writing to schema topic " + topic, false, e);
    } catch (KafkaException e) {
      throw storeFailure("cannot write to schema topic '" + topic + "'", bootstrapServers, e);
    }
  }

  @Override
  public void catchUp(Reader reader) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      long end = consumer.endOffsets(Set.of(partition), timeout).get(partition);
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new SchemaStoreException(
              "reading schema topic '"
                  + topic
                  + "' at "
                  + bootstrapServers
                  + " to its end ("
                  + end
                  + ") took over "
                  + timeout,
              true,
              null);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (record.value() == null) {
            continue;
          }
          RegistryCommand command;
          try {
            command = RegistryCommand.fromJson(record.value());
          } catch (IllegalArgumentException e) {
            log.warn(
                "skipping record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
            continue;
          }
          reader.accept(record.offset(), command);
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new SchemaStoreException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeout, true, e);
    } catch (KafkaException e) {
      throw storeFailure("cannot read schema topic '" + topic + "'", bootstrapServers, e);
    }
  }

  @Override
  public String describe() {
    return "Kafka topic " + topic + " at " + bootstrapServers;
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(5));
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private static SchemaStoreException storeFailure(
      String what, String bootstrapServers, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return new SchemaStoreException(what + " at " + bootstrapServers + ": " + cause, false, cause);
  }
}
