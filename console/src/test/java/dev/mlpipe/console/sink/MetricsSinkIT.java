package dev.mlpipe.console.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlpipe.console.MetricsSinkApp;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics sink between a real broker and a real PostgreSQL: rows per run, and no duplicate when
 * the events are delivered again. Skips, saying why, where no PostgreSQL can be started.
 */
@Timeout(180)
class MetricsSinkIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dataDir;

  private static LocalPostgres postgres;
  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient registryClient;
  private static KafkaProducer<String, SpecificRecord> producer;
  private static StageEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    Optional<String> unavailable = LocalPostgres.unavailableReason();
    assumeTrue(unavailable.isEmpty(), () -> "no PostgreSQL here: " + unavailable.orElse(""));
    postgres = LocalPostgres.start();
    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    registryClient = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(registryClient).registerCatalogue();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new AvroWireSerializer<>(registryClient, new EventSerdes(registryClient).config()));
    env =
        new StageEnvironment(
            kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "it");
  }

  @AfterAll
  static void stop() {
    Stream.<AutoCloseable>of(producer, registryClient, registry, kafka, postgres)
        .forEach(
            c -> {
              try {
                if (c != null) {
                  c.close();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Test
  void shouldWriteEachRunsTrainingAndDeploymentMetricsOnceEvenWhenTheEventsAreDeliveredAgain()
      throws Exception {
    String model = "recommender-" + UUID.randomUUID().toString().substring(0, 8);
    String run = "run-" + UUID.randomUUID();
    Instant trainedAt = Instant.parse("2026-11-23T10:00:00Z");
    Instant deployedAt = Instant.parse("2026-11-23T10:05:00Z");

    try (RunningStage sink = MetricsSinkApp.start(env, postgres.jdbcUrl())) {
      publish(trained(model, "v1", run, trainedAt));
      publish(deployed(model, "v1", run, deployedAt));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(rows(model))
                      .containsExactly(
                          "v1|" + run + "|production|error_rate|0.001|" + deployedAt,
                          "v1|" + run + "|training|ndcg_at_10|0.41|" + trainedAt,
                          "v1|" + run + "|training|rmse|0.71|" + trainedAt));
      assertThat(sink.isRunning()).isTrue();
    }

    // Delivered again: the sink's offsets go back to the start and a second sink (a restart that
    // also runs the Flyway migration again) reads every event once more.
    resetSinkOffsetsToEarliest();
    try (RunningStage restarted = MetricsSinkApp.start(env, postgres.jdbcUrl())) {
      publish(trained(model, "v2", "run-marker", trainedAt.plusSeconds(600)));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(rows(model)).anyMatch(r -> r.startsWith("v2|run-marker|")));
      assertThat(rows(model))
          .filteredOn(r -> r.startsWith("v1|"))
          .containsExactly(
              "v1|" + run + "|production|error_rate|0.001|" + deployedAt,
              "v1|" + run + "|training|ndcg_at_10|0.41|" + trainedAt,
              "v1|" + run + "|training|rmse|0.71|" + trainedAt);
      assertThat(restarted.isRunning()).isTrue();
    }
  }

  @Test
  void shouldRefuseAnUnreachableDatabaseWithOneLineNamingTheUrlButNotItsPassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/mlpipe?user=mlpipe&password=hunter2";

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsSinkApp.start(env, url))
        .isInstanceOf(MetricsDatabaseException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/mlpipe?user=mlpipe&password=***")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("\n");
  }

  private static TrainingFinished trained(String model, String version, String run, Instant at) {
    return TrainingFinished.newBuilder(SampleEvents.trainingFinished())
        .setMeta(meta(run, at))
        .setModel(model)
        .setVersion(version)
        .build();
  }

  private static ModelDeployed deployed(String model, String version, String run, Instant at) {
    return ModelDeployed.newBuilder(SampleEvents.modelDeployed())
        .setMeta(meta(run, at))
        .setModel(model)
        .setVersion(version)
        .build();
  }

  private static EventMeta meta(String run, Instant at) {
    return EventMeta.newBuilder(SampleEvents.meta())
        .setEventId(UUID.randomUUID().toString())
        .setRunId(run)
        .setOccurredAt(at)
        .build();
  }

  private static void publish(SpecificRecord event) throws Exception {
    String topic = Topics.forValueType(event.getClass().asSubclass(SpecificRecord.class)).name();
    String key = event.get(event.getSchema().getField("model").pos()).toString();
    producer.send(new ProducerRecord<>(topic, key, event)).get();
  }

  private static void resetSinkOffsetsToEarliest() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(MetricsSinkApp.NAME).partitionsToOffsetAndMetadata().get();
      assertThat(committed).isNotEmpty();
      admin
          .alterConsumerGroupOffsets(
              MetricsSinkApp.NAME,
              committed.keySet().stream()
                  .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0))))
          .all()
          .get();
    }
  }

  /** Every row of the model as {@code version|run|environment|metric|value|recorded_at}. */
  private static List<String> rows(String model) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl());
        PreparedStatement select =
            c.prepareStatement(
                "SELECT version, run, environment, metric, value, recorded_at FROM ml_metrics"
                    + " WHERE model = ? ORDER BY version, run, environment, metric")) {
      select.setString(1, model);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(
              String.join(
                  "|",
                  result.getString(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4),
                  Double.toString(result.getDouble(5)),
                  result.getTimestamp(6).toInstant().toString()));
        }
      }
      return rows;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return List.of();
      }
      throw e;
    }
  }
}
