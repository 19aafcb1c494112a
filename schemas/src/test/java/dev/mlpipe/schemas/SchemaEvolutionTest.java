package dev.mlpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Keeps the wire contract evolvable: every event schema must stay BACKWARD compatible with the
 * version last released (the copy under src/test/resources/released), which is the rule the schema
 * registry enforces per subject. Consumers upgraded to the current schema must read every record
 * already on the topics.
 *
 * <p>Releasing: copy src/main/avro/shared and src/main/avro/events over
 * src/test/resources/released/ in the release commit.
 */
class SchemaEvolutionTest {

  private static final String HOW_TO_FIX =
      "Make the change backward compatible (give new fields a default, do not remove or rename"
          + " fields without an alias, do not change types incompatibly), or publish a new event"
          + " type on a new topic instead.";

  @Test
  void shouldKeepEveryCurrentEventBackwardCompatibleWithItsReleasedVersion() {
    AvroSchemaSet released = releasedSet();
    AvroSchemaSet current = currentSet();

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Schema> entry : released.events().entrySet()) {
      Schema now = current.events().get(entry.getKey());
      if (now != null) {
        problems.addAll(backwardIncompatibilities(entry.getKey(), entry.getValue(), now));
      }
    }

    assertThat(problems)
        .as(
            "current schemas that cannot read data written with the released ones:%n%s%n%s",
            String.join("\n", problems), HOW_TO_FIX)
        .isEmpty();
  }

  @Test
  void shouldStillDefineEveryReleasedEvent() {
    AvroSchemaSet released = releasedSet();
    AvroSchemaSet current = currentSet();

    List<String> disappeared = new ArrayList<>(released.events().keySet());
    disappeared.removeAll(current.events().keySet());

    assertThat(disappeared)
        .as(
            "released events missing from src/main/avro/events: %s. Records of these types are"
                + " on the topics and in the registry; an event type is never removed, only"
                + " deprecated in its doc.",
            disappeared)
        .isEmpty();
  }

  @Test
  void shouldKeepTheReleasedEventNamesAndNamespaces() {
    AvroSchemaSet released = releasedSet();
    AvroSchemaSet current = currentSet();

    for (Map.Entry<String, Schema> entry : released.events().entrySet()) {
      Schema now = current.events().get(entry.getKey());
      if (now != null) {
        assertThat(now.getFullName())
            .as(
                "full name of event %s (the generated class and the reader's lookup)",
                entry.getKey())
            .isEqualTo(entry.getValue().getFullName());
      }
    }
  }

  @Test
  void shouldReportAFieldAddedWithoutDefaultAsIncompatible() {
    Schema released = record("{\"name\": \"a\", \"type\": \"string\"}");
    Schema current =
        record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");

    List<String> problems = backwardIncompatibilities("Probe", released, current);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains("Probe").contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(problems.get(0)).contains("b");
  }

  @Test
  void shouldAcceptAFieldAddedWithDefaultAndAFieldRemoved() {
    Schema released =
        record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"gone\", \"type\": \"long\"}");
    Schema current =
        record(
            "{\"name\": \"a\", \"type\": \"string\"},"
                + " {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");

    assertThat(backwardIncompatibilities("Probe", released, current)).isEmpty();
  }

  @Test
  void shouldReportANarrowedTypeAsIncompatible() {
    Schema released = record("{\"name\": \"a\", \"type\": \"long\"}");
    Schema current = record("{\"name\": \"a\", \"type\": \"int\"}");

    assertThat(backwardIncompatibilities("Probe", released, current))
        .singleElement()
        .asString()
        .contains("TYPE_MISMATCH")
        .contains("/fields/0/type");
  }

  /**
   * Avro's verdict on reading data written with {@code released} using {@code current} (BACKWARD),
   * one line per incompatibility naming the event, the kind, where, and Avro's message.
   */
  static List<String> backwardIncompatibilities(String event, Schema released, Schema current) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(current, released);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      lines.add(
          event
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getMessage());
    }
    if (lines.isEmpty()) {
      lines.add(event + ": " + result.getDescription());
    }
    return lines;
  }

  private static AvroSchemaSet currentSet() {
    return AvroSchemaSet.load(AvroSchemaSet.CURRENT, AvroSchemaSet.sharedImportOrder());
  }

  /**
   * The released set parses in the current import order; a shared type that has since been dropped
   * from the build still parses, after the others.
   */
  private static AvroSchemaSet releasedSet() {
    List<String> order = new ArrayList<>(AvroSchemaSet.sharedImportOrder());
    for (String name : AvroSchemaSet.avscNames(AvroSchemaSet.RELEASED.resolve("shared"))) {
      if (!order.contains(name)) {
        order.add(name);
      }
    }
    return AvroSchemaSet.load(AvroSchemaSet.RELEASED, order);
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse(
            "{\"type\": \"record\", \"name\": \"Probe\", \"namespace\": \"test\", \"fields\": ["
                + fields
                + "]}");
  }
}
