package dev.mlpipe.events.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry over a real broker: ids survive restarts and every instance agrees on them. */
class KafkaSchemaStoreIT {

  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  static Schema schema(String name, String... fields) {
    StringBuilder json =
        new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[");
    for (int i = 0; i < fields.length; i++) {
      json.append(i == 0 ? "" : ",").append(fields[i]);
    }
    return new Schema.Parser().parse(json.append("]}").toString());
  }

  static final Schema ORDER_V1 = schema("Order", "{\"name\":\"id\",\"type\":\"string\"}");
  static final Schema ORDER_V2 =
      schema(
          "Order",
          "{\"name\":\"id\",\"type\":\"string\"}",
          "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}");
  static final Schema USER = schema("User", "{\"name\":\"name\",\"type\":\"string\"}");

  private static EmbeddedSchemaRegistry registryOn(String topic) {
    return EmbeddedSchemaRegistry.start(
        RegistryServerConfig.loopback(),
        KafkaSchemaStore.open(kafka.bootstrapServers(), topic, Map.of(), Duration.ofSeconds(30)));
  }

  @Test
  void shouldCreateTheCompactedSchemasTopicWithOnePartition() throws Exception {
    try (EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.startOnKafka(kafka.bootstrapServers());
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url())) {
      client.register("orders-value", ORDER_V1);
    }
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      TopicDescription description =
          admin.describeTopics(List.of(Topics.SCHEMAS)).allTopicNames().get().get(Topics.SCHEMAS);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCHEMAS);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(description.partitions()).hasSize(1);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void shouldKeepIdsVersionsAndConfigAcrossARestart() {
    String topic = "_schemas-restart-it";
    int orderV1;
    int orderV2;
    int user;
    try (EmbeddedSchemaRegistry registry = registryOn(topic);
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url())) {
      orderV1 = client.register("orders-value", ORDER_V1);
      orderV2 = client.register("orders-value", ORDER_V2);
      user = client.register("users-value", USER);
      client.setSubjectCompatibility("users-value", CompatibilityLevel.FULL);
      client.deleteVersion("orders-value", "1", false);
    }

    try (EmbeddedSchemaRegistry restarted = registryOn(topic);
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(restarted.url())) {
      assertThat(client.schemaById(orderV1)).isEqualTo(ORDER_V1);
      assertThat(client.schemaById(orderV2)).isEqualTo(ORDER_V2);
      assertThat(client.schemaById(user)).isEqualTo(USER);
      assertThat(client.versions("orders-value")).containsExactly(2);
      assertThat(client.latest("orders-value").id()).isEqualTo(orderV2);
      assertThat(client.subjectCompatibility("users-value")).isEqualTo(CompatibilityLevel.FULL);
      // re-registering after the restart finds the same ids, and new schemas get new ones
      assertThat(client.register("users-value", USER)).isEqualTo(user);
      int fresh =
          client.register("other-value", schema("Other", "{\"name\":\"x\",\"type\":\"long\"}"));
      assertThat(fresh).isNotIn(orderV1, orderV2, user);
    }
  }

  @Test
  void shouldServeTheSameIdsFromASecondInstanceOnTheSameBroker() {
    String topic = "_schemas-two-instances-it";
    try (EmbeddedSchemaRegistry first = registryOn(topic);
        EmbeddedSchemaRegistry second = registryOn(topic);
        HttpSchemaRegistryClient one = HttpSchemaRegistryClient.of(first.url());
        HttpSchemaRegistryClient two = HttpSchemaRegistryClient.of(second.url())) {
      int order = one.register("orders-value", ORDER_V1);

      // the second instance sees what the first registered, without a restart
      assertThat(two.schemaById(order)).isEqualTo(ORDER_V1);
      assertThat(two.latest("orders-value").id()).isEqualTo(order);
      assertThat(two.register("orders-value", ORDER_V1)).isEqualTo(order);
      assertThat(two.register("copy-value", ORDER_V1)).isEqualTo(order);

      int user = two.register("users-value", USER);
      assertThat(one.schemaById(user)).isEqualTo(USER);
      assertThat(one.subjects()).containsExactly("copy-value", "orders-value", "users-value");

      // compatibility set through one instance is enforced by the other
      one.setSubjectCompatibility("orders-value", CompatibilityLevel.FORWARD);
      assertThat(two.subjectCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FORWARD);
    }
  }

  @Test
  void shouldNeverHandOutOneIdForTwoSchemasWhenInstancesRegisterConcurrently() throws Exception {
    String topic = "_schemas-concurrent-it";
    List<Schema> schemas =
        IntStream.range(0, 12)
            .mapToObj(i -> schema("R" + i, "{\"name\":\"f\",\"type\":\"int\"}"))
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (EmbeddedSchemaRegistry first = registryOn(topic);
        EmbeddedSchemaRegistry second = registryOn(topic)) {
      List<String> urls = List.of(first.url(), second.url());
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  // a fresh client each time, so every call reaches a registry
                  try (var client = HttpSchemaRegistryClient.of(urls.get(n % 2))) {
                    return client.register(
                        "subject-" + (n % schemas.size()), schemas.get(n % schemas.size()));
                  }
                }));
      }
      Map<Schema, Set<Integer>> idsBySchema = new HashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        idsBySchema
            .computeIfAbsent(schemas.get(i % schemas.size()), s -> new HashSet<>())
            .add(futures.get(i).get());
      }

      assertThat(idsBySchema.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
      Set<Integer> distinct = new HashSet<>();
      idsBySchema.values().forEach(distinct::addAll);
      assertThat(distinct).hasSize(schemas.size());
      try (var one = HttpSchemaRegistryClient.of(first.url());
          var two = HttpSchemaRegistryClient.of(second.url())) {
        for (int i = 0; i < schemas.size(); i++) {
          int id = idsBySchema.get(schemas.get(i)).iterator().next();
          assertThat(one.schemaById(id)).isEqualTo(schemas.get(i));
          assertThat(two.schemaById(id)).isEqualTo(schemas.get(i));
          assertThat(one.versions("subject-" + i)).containsExactly(1);
          assertThat(two.versions("subject-" + i)).containsExactly(1);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldRefuseAnIncompatibleSchemaRegisteredThroughTheOtherInstance() {
    String topic = "_schemas-compat-it";
    try (EmbeddedSchemaRegistry first = registryOn(topic);
        EmbeddedSchemaRegistry second = registryOn(topic);
        HttpSchemaRegistryClient one = HttpSchemaRegistryClient.of(first.url());
        HttpSchemaRegistryClient two = HttpSchemaRegistryClient.of(second.url())) {
      one.register("orders-value", ORDER_V2);
      Schema incompatible =
          schema(
              "Order",
              "{\"name\":\"id\",\"type\":\"string\"}",
              "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}",
              "{\"name\":\"price\",\"type\":\"double\"}");

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> two.register("orders-value", incompatible))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
      assertThat(one.versions("orders-value")).containsExactly(1);
    }
  }
}
