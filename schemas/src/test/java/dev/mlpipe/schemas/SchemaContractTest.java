package dev.mlpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The rules every event schema follows and the link between the .avsc files and the generated
 * classes on the classpath.
 */
class SchemaContractTest {

  private static final String NAMESPACE = "dev.mlpipe.schemas";

  private final AvroSchemaSet current =
      AvroSchemaSet.load(AvroSchemaSet.CURRENT, AvroSchemaSet.sharedImportOrder());

  @Test
  void shouldImportEverySharedSchemaInThePom() {
    assertThat(AvroSchemaSet.sharedImportOrder())
        .as("<imports> of the avro-maven-plugin in schemas/pom.xml")
        .containsExactlyInAnyOrderElementsOf(
            AvroSchemaSet.avscNames(AvroSchemaSet.CURRENT.resolve("shared")));
  }

  @Test
  void shouldGenerateEveryClassFromTheCurrentSchema() throws ReflectiveOperationException {
    Map<String, Schema> all = new LinkedHashMap<>(current.shared());
    all.putAll(current.events());

    for (Map.Entry<String, Schema> entry : all.entrySet()) {
      Schema parsed = entry.getValue();
      Class<?> generated = Class.forName(parsed.getFullName());
      Schema compiled = withoutJavaStringHints((Schema) generated.getField("SCHEMA$").get(null));

      assertThat(compiled)
          .as(
              "%s.SCHEMA$ differs from %s.avsc: the generated classes are stale, rebuild the"
                  + " schemas module",
              generated.getName(), entry.getKey())
          .isEqualTo(parsed);
      assertThat(compiled.toString())
          .as("%s.SCHEMA$ (docs and defaults included) against %s.avsc", generated, entry.getKey())
          .isEqualTo(parsed.toString());
    }
  }

  @Test
  void shouldNameEveryFileAfterTheTypeItDefines() {
    Map<String, Schema> all = new LinkedHashMap<>(current.shared());
    all.putAll(current.events());

    all.forEach(
        (file, schema) -> {
          assertThat(schema.getName()).as("type defined in %s.avsc", file).isEqualTo(file);
          assertThat(schema.getNamespace()).as("namespace of %s", file).isEqualTo(NAMESPACE);
        });
  }

  @Test
  void shouldStartEveryEventWithMetaThenModel() {
    current
        .events()
        .forEach(
            (name, schema) -> {
              assertThat(schema.getType()).as("%s is a record", name).isEqualTo(Schema.Type.RECORD);
              assertThat(schema.getFields())
                  .as("fields of %s", name)
                  .hasSizeGreaterThanOrEqualTo(2);

              Schema.Field meta = schema.getFields().get(0);
              assertThat(meta.name()).as("first field of %s", name).isEqualTo("meta");
              assertThat(meta.schema().getFullName())
                  .as("type of %s.meta", name)
                  .isEqualTo(NAMESPACE + ".EventMeta");

              Schema.Field model = schema.getFields().get(1);
              assertThat(model.name()).as("second field of %s", name).isEqualTo("model");
              assertThat(model.schema().getType())
                  .as("type of %s.model (the record key)", name)
                  .isEqualTo(Schema.Type.STRING);
            });
  }

  @Test
  void shouldDocumentEveryEvent() {
    current
        .events()
        .forEach(
            (name, schema) -> assertThat(schema.getDoc()).as("doc of event %s", name).isNotBlank());
  }

  /**
   * The build generates with stringType String, which marks every string, map and record in the
   * embedded schema with {@code "avro.java.string": "String"}; the same schema without those marks
   * is what the .avsc says.
   */
  private static Schema withoutJavaStringHints(Schema compiled) {
    ObjectMapper json = new ObjectMapper();
    try {
      JsonNode tree = json.readTree(compiled.toString());
      removeJavaStringHints(tree);
      return new Schema.Parser().parse(json.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot re-read the schema of " + compiled.getFullName(), e);
    }
  }

  private static void removeJavaStringHints(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("avro.java.string");
    }
    node.forEach(SchemaContractTest::removeJavaStringHints);
  }
}
