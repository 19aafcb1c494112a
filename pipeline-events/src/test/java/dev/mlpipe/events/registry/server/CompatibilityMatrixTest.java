package dev.mlpipe.events.registry.server;

import static dev.mlpipe.events.registry.CompatibilityLevel.BACKWARD;
import static dev.mlpipe.events.registry.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static dev.mlpipe.events.registry.CompatibilityLevel.FORWARD;
import static dev.mlpipe.events.registry.CompatibilityLevel.FORWARD_TRANSITIVE;
import static dev.mlpipe.events.registry.CompatibilityLevel.FULL;
import static dev.mlpipe.events.registry.CompatibilityLevel.FULL_TRANSITIVE;
import static dev.mlpipe.events.registry.CompatibilityLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How schemas may evolve under each compatibility level, through the real client and server: the
 * earlier versions are registered under NONE, then the subject gets the level under test and the
 * candidate is both tested and registered.
 */
class CompatibilityMatrixTest {

  static EmbeddedSchemaRegistry registry;
  static HttpSchemaRegistryClient client;

  @BeforeAll
  static void start() {
    registry = EmbeddedSchemaRegistry.startInMemory();
    client = HttpSchemaRegistryClient.of(registry.url());
  }

  @AfterAll
  static void stop() {
    client.close();
    registry.close();
  }

  /** A record {@code R} with these fields, each written {@code name:type} or as JSON. */
  static String record(String... fields) {
    return named("R", fields);
  }

  static String named(String name, String... fields) {
    StringBuilder json = new StringBuilder("{'type':'record','name':'" + name + "','fields':[");
    for (int i = 0; i < fields.length; i++) {
      String f = fields[i];
      json.append(i == 0 ? "" : ",");
      if (f.startsWith("{")) {
        json.append(f);
      } else {
        String[] parts = f.split(":", 2);
        String type =
            parts[1].startsWith("[") || parts[1].startsWith("{") ? parts[1] : "'" + parts[1] + "'";
        json.append("{'name':'").append(parts[0]).append("','type':").append(type).append("}");
      }
    }
    return json.append("]}").toString();
  }

  static final String COLOR_RGB =
      "{'name':'c','type':{'type':'enum','name':'Color','symbols':['RED','GREEN','BLUE']}}";
  static final String COLOR_RGBY =
      "{'name':'c','type':{'type':'enum','name':'Color','symbols':['RED','GREEN','BLUE','YELLOW']}}";
  static final String COLOR_RG =
      "{'name':'c','type':{'type':'enum','name':'Color','symbols':['RED','GREEN']}}";

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments(
            "add field with default",
            BACKWARD,
            List.of(record("a:string")),
            record("a:string", "{'name':'b','type':'int','default':0}"),
            true),
        arguments(
            "add field without default",
            BACKWARD,
            List.of(record("a:string")),
            record("a:string", "b:int"),
            false),
        arguments(
            "remove field",
            BACKWARD,
            List.of(record("a:string", "b:int")),
            record("a:string"),
            true),
        arguments(
            "remove field without default",
            FORWARD,
            List.of(record("a:string", "b:int")),
            record("a:string"),
            false),
        arguments(
            "remove field that had a default",
            FORWARD,
            List.of(record("a:string", "{'name':'b','type':'int','default':0}")),
            record("a:string"),
            true),
        arguments(
            "add field without default",
            FORWARD,
            List.of(record("a:string")),
            record("a:string", "b:int"),
            true),
        arguments(
            "add field with default",
            FULL,
            List.of(record("a:string")),
            record("a:string", "{'name':'b','type':'int','default':0}"),
            true),
        arguments(
            "add field without default",
            FULL,
            List.of(record("a:string")),
            record("a:string", "b:int"),
            false),
        arguments(
            "remove field that had a default",
            FULL,
            List.of(record("a:string", "{'name':'b','type':'int','default':0}")),
            record("a:string"),
            true),
        arguments(
            "promote int to long", BACKWARD, List.of(record("n:int")), record("n:long"), true),
        arguments(
            "narrow long to int", BACKWARD, List.of(record("n:long")), record("n:int"), false),
        arguments(
            "promote int to long", FORWARD, List.of(record("n:int")), record("n:long"), false),
        arguments(
            "rename with alias",
            BACKWARD,
            List.of(record("old:string")),
            record("{'name':'fresh','type':'string','aliases':['old']}"),
            true),
        arguments(
            "rename without alias",
            BACKWARD,
            List.of(record("old:string")),
            record("fresh:string"),
            false),
        arguments(
            "enum symbol added", BACKWARD, List.of(record(COLOR_RGB)), record(COLOR_RGBY), true),
        arguments(
            "enum symbol added", FORWARD, List.of(record(COLOR_RGB)), record(COLOR_RGBY), false),
        arguments(
            "enum symbol removed", BACKWARD, List.of(record(COLOR_RGB)), record(COLOR_RG), false),
        arguments("string to int", BACKWARD, List.of(record("a:string")), record("a:int"), false),
        arguments("string to int", NONE, List.of(record("a:string")), record("a:int"), true),
        arguments(
            "another record name",
            NONE,
            List.of(record("a:string")),
            named("Other", "z:double"),
            true),
        arguments(
            "another record name",
            BACKWARD,
            List.of(record("a:string")),
            named("Other", "a:string"),
            false),
        arguments(
            "make field nullable",
            BACKWARD,
            List.of(record("a:string")),
            record("a:['null','string']"),
            true),
        arguments(
            "make field non-nullable",
            BACKWARD,
            List.of(record("a:['null','string']")),
            record("a:string"),
            false),
        arguments(
            "string to bytes", BACKWARD, List.of(record("a:string")), record("a:bytes"), true),
        // three versions: the candidate fits the latest but not the first
        arguments(
            "fits latest only",
            BACKWARD,
            List.of(record("a:string"), record()),
            record("{'name':'a','type':'int','default':0}"),
            true),
        arguments(
            "fits latest only",
            BACKWARD_TRANSITIVE,
            List.of(record("a:string"), record()),
            record("{'name':'a','type':'int','default':0}"),
            false),
        arguments(
            "fits latest only",
            FORWARD,
            List.of(record("a:string"), record()),
            record("c:int"),
            true),
        arguments(
            "fits latest only",
            FORWARD_TRANSITIVE,
            List.of(record("a:string"), record()),
            record("c:int"),
            false),
        arguments(
            "fits latest only",
            FULL,
            List.of(record("a:string"), record()),
            record("{'name':'b','type':'int','default':0}"),
            true),
        arguments(
            "fits latest only",
            FULL_TRANSITIVE,
            List.of(record("a:string"), record()),
            record("{'name':'b','type':'int','default':0}"),
            false),
        arguments(
            "fits every version",
            BACKWARD_TRANSITIVE,
            List.of(
                record("a:string"), record("a:string", "{'name':'b','type':'int','default':0}")),
            record("a:string", "{'name':'b','type':'long','default':0}"),
            true));
  }

  private static int subjects;

  @ParameterizedTest(name = "{1}: {0} -> compatible={4}")
  @MethodSource("cases")
  void shouldJudgeEvolutionByTheSubjectsLevel(
      String change, CompatibilityLevel level, List<String> earlier, String candidate, boolean ok) {
    String subject = "matrix-" + (++subjects);
    client.setSubjectCompatibility(subject, NONE);
    earlier.forEach(s -> client.register(subject, parse(s)));
    client.setSubjectCompatibility(subject, level);
    Schema next = parse(candidate);

    CompatibilityResult result = client.testCompatibility(subject, "latest", next);

    assertThat(result.compatible())
        .as("%s under %s: %s", change, level, result.messages())
        .isEqualTo(ok);
    if (ok) {
      assertThat(result.messages()).isEmpty();
      client.register(subject, next);
      assertThat(client.versions(subject)).hasSize(earlier.size() + 1);
    } else {
      assertThat(result.messages()).isNotEmpty();
      assertThatThrownBy(() -> client.register(subject, next))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
      assertThat(client.versions(subject)).hasSize(earlier.size());
    }
  }

  private static Schema parse(String singleQuoted) {
    return new Schema.Parser().parse(singleQuoted.replace('\'', '"'));
  }
}
