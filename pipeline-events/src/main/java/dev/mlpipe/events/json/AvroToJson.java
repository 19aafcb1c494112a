package dev.mlpipe.events.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes Avro data (generated classes or generic records) as plain JSON: unions unwrapped where the
 * value alone says its branch, timestamps as ISO-8601, enums as names, bytes as base64.
 */
final class AvroToJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroToJson() {}

  static ObjectNode record(IndexedRecord record) {
    ObjectNode object = NODES.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      object.set(field.name(), write(record.get(field.pos()), field.schema()));
    }
    return object;
  }

  static JsonNode write(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case RECORD:
        return record((IndexedRecord) datum);
      case ENUM:
        return NODES.textNode(datum.toString());
      case ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (Object element : (Collection<?>) datum) {
          array.add(write(element, schema.getElementType()));
        }
        return array;
      case MAP:
        ObjectNode map = NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
          map.set(entry.getKey().toString(), write(entry.getValue(), schema.getValueType()));
        }
        return map;
      case UNION:
        return union(datum, schema);
      case STRING:
        return NODES.textNode(datum.toString());
      case BYTES:
        ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      case FIXED:
        return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
      case INT:
        return NODES.numberNode(((Number) datum).intValue());
      case LONG:
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          Instant instant =
              datum instanceof Instant i ? i : Instant.ofEpochMilli(((Number) datum).longValue());
          return NODES.textNode(instant.toString());
        }
        return NODES.numberNode(((Number) datum).longValue());
      case FLOAT:
        return NODES.numberNode(((Number) datum).floatValue());
      case DOUBLE:
        return NODES.numberNode(((Number) datum).doubleValue());
      case BOOLEAN:
        return NODES.booleanNode((Boolean) datum);
      default:
        return NODES.nullNode();
    }
  }

  private static JsonNode union(Object datum, Schema schema) {
    List<Schema> nonNull =
        schema.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
    Schema branch = null;
    for (Schema candidate : nonNull) {
      if (matches(datum, candidate)) {
        branch = candidate;
        break;
      }
    }
    if (branch == null) {
      throw new IllegalArgumentException(
          "value of " + datum.getClass().getName() + " matches no branch of union " + schema);
    }
    JsonNode value = write(datum, branch);
    if (nonNull.size() == 1) {
      return value;
    }
    // Several possible types: keep Avro's wrapping so the JSON can be read back unambiguously.
    ObjectNode wrapped = NODES.objectNode();
    String name =
        switch (branch.getType()) {
          case RECORD, ENUM, FIXED -> branch.getName();
          default -> branch.getType().getName();
        };
    wrapped.set(name, value);
    return wrapped;
  }

  private static boolean matches(Object datum, Schema branch) {
    return switch (branch.getType()) {
      case RECORD ->
          datum instanceof IndexedRecord r
              && r.getSchema().getFullName().equals(branch.getFullName());
      case ENUM ->
          (datum instanceof Enum<?> || datum instanceof GenericEnumSymbol<?>)
              && (!(datum instanceof GenericContainer c)
                  || c.getSchema().getFullName().equals(branch.getFullName()))
              && branch.hasEnumSymbol(datum.toString());
      case FIXED ->
          datum instanceof GenericFixed f
              && f.getSchema().getFullName().equals(branch.getFullName());
      case STRING -> datum instanceof CharSequence;
      case BYTES -> datum instanceof ByteBuffer;
      case INT -> datum instanceof Integer;
      case LONG -> datum instanceof Long || datum instanceof Instant;
      case FLOAT -> datum instanceof Float;
      case DOUBLE -> datum instanceof Double;
      case BOOLEAN -> datum instanceof Boolean;
      case ARRAY -> datum instanceof Collection<?>;
      case MAP -> datum instanceof Map<?, ?>;
      default -> false;
    };
  }
}
