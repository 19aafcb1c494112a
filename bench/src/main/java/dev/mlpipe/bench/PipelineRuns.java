package dev.mlpipe.bench;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.AvroWireDeserializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Publishes commits and follows their runs on the training and deployment topics (read_committed),
 * completing each run when the ModelDeployed it waits for arrives (staging, or production at 100
 * %); a run that fails training or validation fails the benchmark with the reason. Shared by the
 * pipeline benchmarks.
 */
final class PipelineRuns implements AutoCloseable {

  /**
   * A run that reached its target.
   *
   * @param doneNanos {@link System#nanoTime()} when the ModelDeployed was read
   */
  record Run(long doneNanos, long trainingMillis, long evaluationMillis) {}

  /** Where a run ends for a benchmark. */
  enum Target {
    /** ModelDeployed STAGING. */
    STAGING,
    /** ModelDeployed PRODUCTION at 100 % of the traffic. */
    PRODUCTION;

    boolean reachedBy(ModelDeployed event) {
      return this == STAGING
          ? event.getEnvironment() == Environment.STAGING
          : event.getEnvironment() == Environment.PRODUCTION && event.getTrafficPercent() == 100;
    }
  }

  private final Map<String, CompletableFuture<Run>> waiting = new ConcurrentHashMap<>();
  private final Map<String, TrainingFinished> finished = new ConcurrentHashMap<>();
  private final HttpSchemaRegistryClient client;
  private final KafkaProducer<String, CommitPushed> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final EventMetas metas = new EventMetas("bench", Clock.systemUTC());
  private final Thread thread;
  private volatile boolean running = true;

  private final Target target;

  PipelineRuns(String bootstrap, String registryUrl, Target target) {
    this.target = target;
    client = HttpSchemaRegistryClient.of(registryUrl);
    EventSerdes serdes = new EventSerdes(client);
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producer =
        new KafkaProducer<>(
            producerProps, EventSerdes.keySerializer(), serdes.valueSerializer(Topics.COMMIT));
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.TRAINING_FINISHED.name(),
            Topics.TRAINING_FAILED.name(),
            Topics.VALIDATION_FAILED.name(),
            Topics.MODEL_DEPLOYED.name())) {
      consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .forEach(partitions::add);
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    AvroWireDeserializer<TrainingFinished> trainingFinished =
        AvroWireDeserializer.specific(client, TrainingFinished.class);
    AvroWireDeserializer<TrainingFailed> trainingFailed =
        AvroWireDeserializer.specific(client, TrainingFailed.class);
    AvroWireDeserializer<ValidationFailed> validationFailed =
        AvroWireDeserializer.specific(client, ValidationFailed.class);
    AvroWireDeserializer<ModelDeployed> deployed =
        AvroWireDeserializer.specific(client, ModelDeployed.class);
    thread =
        new Thread(
            () -> {
              while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                  long now = System.nanoTime();
                  String topic = record.topic();
                  if (topic.equals(Topics.TRAINING_FINISHED.name())) {
                    TrainingFinished event = trainingFinished.deserialize(topic, record.value());
                    finished.put(event.getMeta().getRunId(), event);
                  } else if (topic.equals(Topics.MODEL_DEPLOYED.name())) {
                    ModelDeployed event = deployed.deserialize(topic, record.value());
                    if (target.reachedBy(event)) {
                      complete(event.getMeta().getRunId(), now);
                    }
                  } else if (topic.equals(Topics.TRAINING_FAILED.name())) {
                    TrainingFailed event = trainingFailed.deserialize(topic, record.value());
                    fail(event.getMeta().getRunId(), "training failed: " + event);
                  } else {
                    ValidationFailed event = validationFailed.deserialize(topic, record.value());
                    fail(event.getMeta().getRunId(), "validation failed: " + event);
                  }
                }
              }
            },
            "bench-pipeline-runs");
    thread.setDaemon(true);
    thread.start();
  }

  private void complete(String runId, long now) {
    CompletableFuture<Run> future = waiting.remove(runId);
    TrainingFinished training = finished.remove(runId);
    if (future == null) {
      return;
    }
    if (training == null) {
      future.completeExceptionally(
          new IllegalStateException(
              "run " + runId + " reached " + target + " before its training"));
    } else {
      future.complete(new Run(now, training.getTrainingMillis(), training.getEvaluationMillis()));
    }
  }

  private void fail(String runId, String reason) {
    CompletableFuture<Run> future = waiting.remove(runId);
    if (future != null) {
      future.completeExceptionally(new IllegalStateException("run " + runId + ": " + reason));
    }
  }

  /**
   * Publishes the commit of {@code model} at {@code sha} and waits for its run to reach the target.
   */
  Run publishAndAwait(Path repo, String model, String sha) throws Exception {
    return publish(repo, model, sha).get(2, TimeUnit.MINUTES);
  }

  /**
   * Publishes the commit of {@code model} at {@code sha}; completes when its run reaches the
   * target.
   */
  CompletableFuture<Run> publish(Path repo, String model, String sha) throws Exception {
    CommitPushed commit =
        CommitPushed.newBuilder()
            .setMeta(metas.newRun())
            .setModel(model)
            .setRepo(repo.toString())
            .setBranch("main")
            .setSha(sha)
            .setAuthor("bench")
            .setMessage("bench commit")
            .setSpecPath("mlpipe.yaml")
            .setChangedPaths(List.of())
            .setPullRequest(null)
            .build();
    CompletableFuture<Run> run = new CompletableFuture<>();
    waiting.put(commit.getMeta().getRunId(), run);
    producer.send(new ProducerRecord<>(Topics.COMMIT.name(), model, commit)).get();
    return run;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    producer.close();
    client.close();
  }
}
