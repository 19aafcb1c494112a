package dev.mlpipe.events.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.schemas.EventMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Events as JSON. Reading checks the JSON against the event's Avro schema and reports every problem
 * (missing required field, wrong type, unknown enum symbol, unknown field) with its field path;
 * fields with defaults may be left out; union values may be plain ({@code null} or the value) or
 * Avro-wrapped ({@code {"string": "x"}}); timestamps may be epoch millis or ISO-8601. Writing gives
 * plain JSON: unions unwrapped (wrapped with the type's simple name only where a union has several
 * non-null types), timestamps as ISO-8601, enums as names, bytes as base64.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final String META = "meta";

  private EventJson() {}

  /** Reads JSON text as an event of a generated class. */
  public static <T extends SpecificRecord> T read(String json, Class<T> type) {
    return read(json, type, null);
  }

  /**
   * Reads JSON text as an event of a generated class; when the JSON has no {@code meta} and the
   * type has one, {@code metaIfAbsent} supplies it (so a person can publish without writing meta).
   *
   * @param metaIfAbsent supplies the meta when absent, or null to require it in the JSON
   * @throws EventJsonException listing every problem
   */
  public static <T extends SpecificRecord> T read(
      String json, Class<T> type, Supplier<EventMeta> metaIfAbsent) {
    Objects.requireNonNull(type, "type");
    return read(parse(json, type.getName()), type, metaIfAbsent);
  }

  /**
   * Reads a JSON tree as an event of a generated class; see {@link #read(String, Class, Supplier)}.
   */
  public static <T extends SpecificRecord> T read(
      JsonNode json, Class<T> type, Supplier<EventMeta> metaIfAbsent) {
    Objects.requireNonNull(type, "type");
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    return type.cast(convert(json, schema, model, metaIfAbsent));
  }

  /** Reads JSON text as a generic record of a schema (timestamps as epoch-millis longs). */
  public static GenericRecord readGeneric(String json, Schema schema) {
    return readGeneric(json, schema, null);
  }

  /** Reads JSON text as a generic record of a schema, supplying {@code meta} when absent. */
  public static GenericRecord readGeneric(
      String json, Schema schema, Supplier<EventMeta> metaIfAbsent) {
    Objects.requireNonNull(schema, "schema");
    return readGeneric(parse(json, schema.getFullName()), schema, metaIfAbsent);
  }

  /** Reads a JSON tree as a generic record of a schema, supplying {@code meta} when absent. */
  public static GenericRecord readGeneric(
      JsonNode json, Schema schema, Supplier<EventMeta> metaIfAbsent) {
    Objects.requireNonNull(schema, "schema");
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "readGeneric needs a record schema, got " + schema.getType().getName());
    }
    return (GenericRecord) convert(json, schema, GenericData.get(), metaIfAbsent);
  }

  /** The record as a JSON tree. */
  public static ObjectNode toTree(IndexedRecord record) {
    return AvroToJson.record(Objects.requireNonNull(record, "record"));
  }

  /** The record as one line of JSON (no line breaks), for one-object-per-line output. */
  public static String toJson(IndexedRecord record) {
    return write(toTree(record), false);
  }

  /** The record as indented JSON, for people. */
  public static String toPrettyJson(IndexedRecord record) {
    return write(toTree(record), true);
  }

  /** The JSON mapper used here, for callers that build trees to pass to {@code read}. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static String write(JsonNode tree, boolean pretty) {
    try {
      return pretty
          ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
          : MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this would be a Jackson bug.
      throw new IllegalStateException("cannot write JSON tree: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json, String recordName) {
    Objects.requireNonNull(json, "json");
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new EventJsonException(
            recordName, List.of(new JsonProblem("", "empty document; expected a JSON object")));
      }
      return tree;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + " column "
                  + e.getLocation().getColumnNr();
      throw new EventJsonException(
          recordName,
          List.of(new JsonProblem("", "not valid JSON" + where + ": " + e.getOriginalMessage())));
    }
  }

  private static Object convert(
      JsonNode json, Schema schema, GenericData model, Supplier<EventMeta> metaIfAbsent) {
    Objects.requireNonNull(json, "json");
    List<JsonProblem> problems = new ArrayList<>();
    if (!json.isObject()) {
      problems.add(
          new JsonProblem(
              "", "expected a JSON object (" + schema.getName() + "), got " + json.getNodeType()));
      throw new EventJsonException(schema.getFullName(), problems);
    }
    JsonNode input = json;
    if (metaIfAbsent != null && !json.has(META) && schema.getField(META) != null) {
      ObjectNode withMeta = ((ObjectNode) json).deepCopy();
      withMeta.set(META, toTree(Objects.requireNonNull(metaIfAbsent.get(), "supplied meta")));
      input = withMeta;
    }
    Object value = new JsonToAvro(model).read(input, schema, "", problems);
    if (!problems.isEmpty()) {
      throw new EventJsonException(schema.getFullName(), problems);
    }
    return value;
  }
}
