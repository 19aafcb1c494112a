package dev.mlpipe.events.registry.server;

import static dev.mlpipe.events.registry.server.RawHttp.SR_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.RegistryClientConfig;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedSchemaRegistryTest {

  static final Schema V1 =
      avro(
          "{'type':'record','name':'Order','namespace':'shop','fields':[{'name':'id','type':'string'}]}");
  static final Schema V2 =
      avro(
          "{'type':'record','name':'Order','namespace':'shop','fields':[{'name':'id','type':'string'},"
              + "{'name':'qty','type':'int','default':1}]}");
  static final Schema V2_NO_DEFAULT =
      avro(
          "{'type':'record','name':'Order','namespace':'shop','fields':[{'name':'id','type':'string'},"
              + "{'name':'qty','type':'int'}]}");
  static final Schema OTHER =
      avro("{'type':'record','name':'Other','fields':[{'name':'x','type':'long'}]}");

  EmbeddedSchemaRegistry registry;
  HttpSchemaRegistryClient client;

  static Schema avro(String singleQuoted) {
    return new Schema.Parser().parse(singleQuoted.replace('\'', '"'));
  }

  @BeforeEach
  void start() {
    registry = EmbeddedSchemaRegistry.startInMemory();
    client = newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  private HttpSchemaRegistryClient newClient() {
    return new HttpSchemaRegistryClient(
        RegistryClientConfig.of(registry.url())
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)));
  }

  private static void assertRegistryError(ThrowingCallable call, int status, int code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).as("HTTP status").isEqualTo(status);
              assertThat(e.errorCode()).as("error_code").isEqualTo(code);
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  @Test
  void shouldListenOnLoopbackWithAFreePort() {
    assertThat(registry.url()).startsWith("http://127.0.0.1:");
    assertThat(registry.port()).isPositive();
    assertThat(registry.url()).endsWith(":" + registry.port());
  }

  @Test
  void shouldRegisterAndReadBackBySubjectVersionAndId() {
    int id = client.register("orders-value", V1);

    SchemaVersion latest = client.latest("orders-value");
    assertThat(latest.subject()).isEqualTo("orders-value");
    assertThat(latest.version()).isEqualTo(1);
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.schema()).isEqualTo(V1);
    assertThat(client.version("orders-value", "1")).isEqualTo(latest);
    assertThat(newClient().schemaById(id)).isEqualTo(V1);
  }

  @Test
  void shouldAnswerRootTypesAndRawSchemaEndpoints() {
    int id = client.register("orders-value", V1);

    RawHttp.Reply root = RawHttp.get(registry.url(), "/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.contentType()).isEqualTo(SR_JSON);
    assertThat(root.json().isObject()).isTrue();
    assertThat(root.json().size()).isZero();
    assertThat(RawHttp.get(registry.url(), "/schemas/types").text()).isEqualTo("[\"AVRO\"]");
    assertThat(
            new Schema.Parser()
                .parse(RawHttp.get(registry.url(), "/schemas/ids/" + id + "/schema").text()))
        .isEqualTo(V1);
    assertThat(
            new Schema.Parser()
                .parse(
                    RawHttp.get(registry.url(), "/subjects/orders-value/versions/1/schema").text()))
        .isEqualTo(V1);
    RawHttp.Reply uses = RawHttp.get(registry.url(), "/schemas/ids/" + id + "/versions");
    assertThat(uses.json().get(0).get("subject").asText()).isEqualTo("orders-value");
    assertThat(uses.json().get(0).get("version").asInt()).isEqualTo(1);
  }

  @Test
  void shouldGiveTheSameIdToTheSameSchemaUnderEverySubject() {
    int first = client.register("a-value", V1);
    int second = client.register("b-value", V1);
    int other = client.register("c-value", OTHER);

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(client.latest("b-value").version()).isEqualTo(1);
  }

  @Test
  void shouldReturnTheExistingIdWhenAnIdenticalSchemaIsRegisteredAgain() {
    int id = client.register("orders-value", V1);
    // a second client has no cache, so the registry itself must recognise the schema
    int again = newClient().register("orders-value", V1);
    // the same schema written with other whitespace and key order is the same schema
    String reordered =
        "{\"schema\": \"{ \\\"fields\\\": [ {\\\"type\\\": \\\"string\\\", \\\"name\\\": \\\"id\\\"} ],"
            + " \\\"namespace\\\": \\\"shop\\\", \\\"name\\\": \\\"Order\\\", \\\"type\\\": \\\"record\\\" }\"}";
    RawHttp.Reply raw =
        RawHttp.send(registry.url(), "POST", "/subjects/orders-value/versions", SR_JSON, reordered);

    assertThat(again).isEqualTo(id);
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.json().get("id").asInt()).isEqualTo(id);
    assertThat(client.versions("orders-value")).containsExactly(1);
  }

  @Test
  void shouldListSubjectsAndVersions() {
    client.register("b-value", V1);
    client.register("b-value", V2);
    client.register("a-value", OTHER);

    assertThat(client.subjects()).containsExactly("a-value", "b-value");
    assertThat(client.versions("b-value")).containsExactly(1, 2);
    assertThat(client.version("b-value", "latest").schema()).isEqualTo(V2);
    assertThat(client.version("b-value", "-1").version()).isEqualTo(2);
  }

  @Test
  void shouldLookUpARegisteredSchemaUnderItsSubject() {
    int id = client.register("orders-value", V1);
    client.register("orders-value", V2);

    SchemaVersion found = newClient().lookUp("orders-value", V1);

    assertThat(found.version()).isEqualTo(1);
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.schema()).isEqualTo(V1);
  }

  @Test
  void shouldReturn40403WhenLookedUpSchemaIsNotUnderTheSubject() {
    client.register("orders-value", V1);
    client.register("other-value", OTHER);

    assertRegistryError(() -> client.lookUp("orders-value", OTHER), 404, 40403);
  }

  @Test
  void shouldReturn40401WhenSubjectIsUnknown() {
    assertRegistryError(() -> client.latest("nope"), 404, 40401);
    assertRegistryError(() -> client.version("nope", "1"), 404, 40401);
    assertRegistryError(() -> client.versions("nope"), 404, 40401);
    assertRegistryError(() -> client.lookUp("nope", V1), 404, 40401);
    assertRegistryError(() -> client.deleteSubject("nope", false), 404, 40401);
    assertRegistryError(() -> client.deleteVersion("nope", "1", false), 404, 40401);
    assertRegistryError(() -> client.testCompatibility("nope", "latest", V1), 404, 40401);
  }

  @Test
  void shouldReturn40402WhenVersionIsUnknown() {
    client.register("orders-value", V1);

    assertRegistryError(() -> client.version("orders-value", "2"), 404, 40402);
    assertRegistryError(() -> client.deleteVersion("orders-value", "7", false), 404, 40402);
    assertRegistryError(() -> client.testCompatibility("orders-value", "3", V2), 404, 40402);
  }

  @Test
  void shouldReturn40403WhenSchemaIdIsUnknown() {
    assertRegistryError(() -> client.schemaById(999), 404, 40403);
    RawHttp.Reply notANumber = RawHttp.get(registry.url(), "/schemas/ids/abc");
    assertThat(notANumber.status()).isEqualTo(404);
    assertThat(notANumber.json().get("error_code").asInt()).isEqualTo(40403);
  }

  @Test
  void shouldReturn42201WhenTheSchemaIsNotAvro() {
    RawHttp.Reply reply =
        RawHttp.send(
            registry.url(),
            "POST",
            "/subjects/orders-value/versions",
            SR_JSON,
            "{\"schema\": \"{\\\"type\\\": \\\"recordz\\\"}\"}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("error_code").asInt()).isEqualTo(42201);
    assertThat(reply.json().get("message").asText()).contains("Invalid schema").contains("recordz");
  }

  @Test
  void shouldReturn42201WhenTheSchemaTypeIsNotAvro() {
    RawHttp.Reply reply =
        RawHttp.send(
            registry.url(),
            "POST",
            "/subjects/orders-value/versions",
            SR_JSON,
            "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("error_code").asInt()).isEqualTo(42201);
    assertThat(reply.json().get("message").asText()).contains("PROTOBUF");
  }

  @Test
  void shouldReturn42202WhenTheVersionIsNotAVersion() {
    client.register("orders-value", V1);

    assertRegistryError(() -> client.version("orders-value", "abc"), 422, 42202);
    assertRegistryError(() -> client.version("orders-value", "0"), 422, 42202);
    assertRegistryError(() -> client.deleteVersion("orders-value", "x", false), 422, 42202);
    assertRegistryError(() -> client.testCompatibility("orders-value", "-5", V2), 422, 42202);
  }

  @Test
  void shouldReturn42203WhenTheCompatibilityLevelIsUnknown() {
    RawHttp.Reply global =
        RawHttp.send(
            registry.url(), "PUT", "/config", SR_JSON, "{\"compatibility\": \"SIDEWAYS\"}");
    RawHttp.Reply subject =
        RawHttp.send(registry.url(), "PUT", "/config/s-value", SR_JSON, "{\"compat\": \"FULL\"}");

    assertThat(global.status()).isEqualTo(422);
    assertThat(global.json().get("error_code").asInt()).isEqualTo(42203);
    assertThat(global.json().get("message").asText()).contains("SIDEWAYS").contains("BACKWARD");
    assertThat(subject.status()).isEqualTo(422);
    assertThat(subject.json().get("error_code").asInt()).isEqualTo(42203);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldRefuseAnIncompatibleSchemaWith409AndAvrosReason() {
    client.register("orders-value", V1);

    assertThatThrownBy(() -> client.register("orders-value", V2_NO_DEFAULT))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.getMessage())
                  .contains("incompatible")
                  .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                  .contains("qty");
            });
    assertThat(client.versions("orders-value")).containsExactly(1);
  }

  @Test
  void shouldExplainIncompatibilityWhenTestedVerbosely() {
    client.register("orders-value", V1);

    CompatibilityResult bad = client.testCompatibility("orders-value", "latest", V2_NO_DEFAULT);
    CompatibilityResult good = client.testCompatibility("orders-value", "1", V2);

    assertThat(bad.compatible()).isFalse();
    assertThat(bad.messages()).singleElement().asString().contains("qty").contains("version 1");
    assertThat(good.compatible()).isTrue();
    assertThat(good.messages()).isEmpty();
    RawHttp.Reply terse =
        RawHttp.send(
            registry.url(),
            "POST",
            "/compatibility/subjects/orders-value/versions/latest",
            SR_JSON,
            "{\"schema\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(V2.toString())
                + "}");
    assertThat(terse.json().get("is_compatible").asBoolean()).isTrue();
    assertThat(terse.json().has("messages")).isFalse();
  }

  @Test
  void shouldKeepGlobalAndSubjectCompatibilitySeparately() {
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

    client.setGlobalCompatibility(CompatibilityLevel.FULL);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.subjectCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL);

    client.setSubjectCompatibility("orders-value", CompatibilityLevel.NONE);
    assertThat(client.subjectCompatibility("orders-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    RawHttp.Reply config = RawHttp.get(registry.url(), "/config");
    assertThat(config.json().get("compatibilityLevel").asText()).isEqualTo("FULL");

    // the subject's NONE lets an incompatible change through while the global level is FULL
    client.register("orders-value", V1);
    client.register("orders-value", V2_NO_DEFAULT);
    assertThat(client.versions("orders-value")).containsExactly(1, 2);
  }

  @Test
  void shouldReturn40408ForASubjectWithoutItsOwnLevelUnlessAskedToDefaultToGlobal() {
    RawHttp.Reply own = RawHttp.get(registry.url(), "/config/orders-value");
    RawHttp.Reply defaulted =
        RawHttp.get(registry.url(), "/config/orders-value?defaultToGlobal=true");

    assertThat(own.status()).isEqualTo(404);
    assertThat(own.json().get("error_code").asInt()).isEqualTo(40408);
    assertThat(defaulted.json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void shouldRemoveASubjectsOwnLevel() {
    client.setSubjectCompatibility("orders-value", CompatibilityLevel.FORWARD);

    RawHttp.Reply deleted =
        RawHttp.send(registry.url(), "DELETE", "/config/orders-value", null, null);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
    assertThat(client.subjectCompatibility("orders-value")).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldHideASoftDeletedVersionAndRequireSoftDeleteBeforePermanent() {
    client.register("orders-value", V1);
    client.register("orders-value", V2);

    assertRegistryError(() -> client.deleteVersion("orders-value", "1", true), 404, 40407);
    assertThat(client.deleteVersion("orders-value", "1", false)).isEqualTo(1);

    assertThat(client.versions("orders-value")).containsExactly(2);
    assertRegistryError(() -> client.version("orders-value", "1"), 404, 40402);
    assertThat(RawHttp.get(registry.url(), "/subjects/orders-value/versions?deleted=true").text())
        .isEqualTo("[1,2]");
    assertThat(
            RawHttp.get(registry.url(), "/subjects/orders-value/versions/1?deleted=true").status())
        .isEqualTo(200);
    assertRegistryError(() -> client.deleteVersion("orders-value", "1", false), 404, 40406);

    assertThat(client.deleteVersion("orders-value", "1", true)).isEqualTo(1);
    assertThat(RawHttp.get(registry.url(), "/subjects/orders-value/versions?deleted=true").text())
        .isEqualTo("[2]");
  }

  @Test
  void shouldSoftDeleteASubjectAndRequireItBeforeThePermanentDelete() {
    int id = client.register("orders-value", V1);
    client.register("orders-value", V2);

    assertRegistryError(() -> client.deleteSubject("orders-value", true), 404, 40405);
    assertThat(client.deleteSubject("orders-value", false)).containsExactly(1, 2);

    assertThat(client.subjects()).doesNotContain("orders-value");
    assertThat(RawHttp.get(registry.url(), "/subjects?deleted=true").text())
        .contains("orders-value");
    assertRegistryError(() -> client.latest("orders-value"), 404, 40401);
    assertRegistryError(() -> client.deleteSubject("orders-value", false), 404, 40404);

    assertThat(client.deleteSubject("orders-value", true)).containsExactly(1, 2);
    assertThat(RawHttp.get(registry.url(), "/subjects?deleted=true").text())
        .doesNotContain("orders-value");
    // ids are never reused: the same schema gets its old id back, versions start again
    assertThat(newClient().register("orders-value", V1)).isEqualTo(id);
    assertThat(client.latest("orders-value").version()).isEqualTo(1);
    // an id stays readable for consumers of old records
    assertThat(newClient().schemaById(id)).isEqualTo(V1);
  }

  @Test
  void shouldAnswer404ForAnUnknownPathAnd405ForAWrongMethod() {
    RawHttp.Reply unknown = RawHttp.get(registry.url(), "/nothing/here");
    RawHttp.Reply tooDeep = RawHttp.get(registry.url(), "/subjects/a/versions/1/schema/more");
    RawHttp.Reply wrongMethod = RawHttp.send(registry.url(), "PATCH", "/subjects", SR_JSON, "{}");
    RawHttp.Reply putRoot = RawHttp.send(registry.url(), "PUT", "/", SR_JSON, "{}");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error_code").asInt()).isEqualTo(404);
    assertThat(tooDeep.status()).isEqualTo(404);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().get("error_code").asInt()).isEqualTo(405);
    assertThat(wrongMethod.json().get("message").asText()).contains("PATCH").contains("GET");
    assertThat(putRoot.status()).isEqualTo(405);
  }

  @Test
  void shouldServeCachedSchemasAndIdsWithoutAskingTheRegistryAgain() {
    int id = client.register("orders-value", V1);
    assertThat(client.schemaById(id)).isEqualTo(V1);

    registry.close();

    assertThat(client.register("orders-value", V1)).isEqualTo(id);
    assertThat(client.schemaById(id)).isEqualTo(V1);
    registry = EmbeddedSchemaRegistry.startInMemory();
  }

  @Test
  void shouldEncodeSubjectsWithSpecialCharacters() {
    String subject = "weird subject/with+chars";
    int id = client.register(subject, V1);

    assertThat(client.subjects()).containsExactly(subject);
    assertThat(client.latest(subject).id()).isEqualTo(id);
    assertThat(client.deleteSubject(subject, false)).containsExactly(1);
  }

  @Test
  void shouldAnswerConcurrentRegistrationsWithOneIdPerSchema() throws Exception {
    List<Schema> schemas =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(
                i ->
                    avro(
                        "{'type':'record','name':'R"
                            + i
                            + "','fields':[{'name':'f','type':'int'}]}"))
            .toList();
    // different record names would be incompatible under BACKWARD within one subject
    client.setGlobalCompatibility(CompatibilityLevel.NONE);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures =
          java.util.stream.IntStream.range(0, 32)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              newClient().register("s" + (i % 3), schemas.get(i % schemas.size()))))
              .toList();
      java.util.Map<Schema, java.util.Set<Integer>> idsBySchema = new java.util.HashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        idsBySchema
            .computeIfAbsent(schemas.get(i % schemas.size()), s -> new java.util.HashSet<>())
            .add(futures.get(i).get());
      }
      assertThat(idsBySchema.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
      assertThat(idsBySchema.values().stream().flatMap(java.util.Set::stream).distinct().count())
          .isEqualTo(schemas.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
