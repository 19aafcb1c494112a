package dev.mlpipe.events.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Converts a JSON tree into Avro data of a schema (generated classes or generic records, per the
 * data model), collecting every problem with its field path instead of stopping at the first.
 */
final class JsonToAvro {

  private final GenericData model;

  JsonToAvro(GenericData model) {
    this.model = model;
  }

  Object read(JsonNode node, Schema schema, String path, List<JsonProblem> problems) {
    switch (schema.getType()) {
      case NULL:
        if (node.isNull()) {
          return null;
        }
        break;
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case INT:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return node.intValue();
        }
        break;
      case LONG:
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          return timestamp(node, schema, path, problems);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        break;
      case FLOAT:
      case DOUBLE:
        Double number = number(node);
        if (number != null) {
          return schema.getType() == Schema.Type.FLOAT
              ? (Object) number.floatValue()
              : (Object) number;
        }
        break;
      case STRING:
        if (node.isTextual()) {
          return node.textValue();
        }
        break;
      case BYTES:
      case FIXED:
        return bytes(node, schema, path, problems);
      case ENUM:
        if (node.isTextual() && schema.hasEnumSymbol(node.textValue())) {
          return model.createEnum(node.textValue(), schema);
        }
        break;
      case ARRAY:
        if (node.isArray()) {
          List<Object> list = new ArrayList<>(node.size());
          for (int i = 0; i < node.size(); i++) {
            list.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]", problems));
          }
          return list;
        }
        break;
      case MAP:
        if (node.isObject()) {
          Map<String, Object> map = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            map.put(
                entry.getKey(),
                read(entry.getValue(), schema.getValueType(), key(path, entry.getKey()), problems));
          }
          return map;
        }
        break;
      case RECORD:
        if (node.isObject()) {
          return record(node, schema, path, problems);
        }
        break;
      case UNION:
        return union(node, schema, path, problems);
    }
    problems.add(new JsonProblem(path, "expected " + describe(schema) + ", got " + describe(node)));
    return null;
  }

  private Object record(JsonNode node, Schema schema, String path, List<JsonProblem> problems) {
    Object record = model.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = child(path, field.name());
      JsonNode value = node.get(field.name());
      Object datum;
      if (value == null) {
        if (!field.hasDefaultValue()) {
          problems.add(
              new JsonProblem(
                  fieldPath, "missing required field; expected " + describe(field.schema())));
          continue;
        }
        datum = model.getDefaultValue(field);
      } else {
        int before = problems.size();
        datum = read(value, field.schema(), fieldPath, problems);
        if (problems.size() > before) {
          // The value is wrong and already reported; a generated class would refuse the null
          // that stands for it, so leave the field unset and go on collecting problems.
          continue;
        }
      }
      model.setField(record, field.name(), field.pos(), datum);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        problems.add(
            new JsonProblem(
                child(path, name),
                "unknown field; "
                    + schema.getName()
                    + " has "
                    + schema.getFields().stream()
                        .map(Schema.Field::name)
                        .collect(Collectors.joining(", "))));
      }
    }
    return record;
  }

  private Object union(JsonNode node, Schema schema, String path, List<JsonProblem> problems) {
    List<Schema> branches = schema.getTypes();
    if (node.isNull()) {
      if (branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL)) {
        return null;
      }
      problems.add(new JsonProblem(path, "expected " + describe(schema) + ", got null"));
      return null;
    }
    // Avro's own JSON encoding wraps union values: {"string": "x"}, {"dev.mlpipe.schemas.X": {}}.
    if (node.isObject() && node.size() == 1) {
      String name = node.fieldNames().next();
      for (Schema branch : branches) {
        if (isNamed(branch, name)) {
          return read(node.get(name), branch, path, problems);
        }
      }
    }
    List<Schema> nonNull = branches.stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
    if (nonNull.size() == 1) {
      List<JsonProblem> trial = new ArrayList<>();
      Object value = read(node, nonNull.get(0), path, trial);
      if (trial.size() == 1 && trial.get(0).path().equals(path)) {
        // The value itself has the wrong type: say that null would have done too.
        problems.add(
            new JsonProblem(path, "expected " + describe(schema) + ", got " + describe(node)));
      } else {
        problems.addAll(trial);
      }
      return value;
    }
    for (Schema branch : nonNull) {
      List<JsonProblem> trial = new ArrayList<>();
      Object value = read(node, branch, path, trial);
      if (trial.isEmpty()) {
        return value;
      }
    }
    problems.add(
        new JsonProblem(
            path,
            "expected "
                + describe(schema)
                + " (wrap the value as {\"<type name>\": value} to choose one), got "
                + describe(node)));
    return null;
  }

  private static boolean isNamed(Schema branch, String name) {
    return switch (branch.getType()) {
      case RECORD, ENUM, FIXED ->
          branch.getFullName().equals(name) || branch.getName().equals(name);
      default -> branch.getType().getName().equals(name);
    };
  }

  private Object timestamp(JsonNode node, Schema schema, String path, List<JsonProblem> problems) {
    long millis;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      millis = node.longValue();
    } else if (node.isTextual()) {
      try {
        millis = parseInstant(node.textValue()).toEpochMilli();
      } catch (DateTimeParseException e) {
        problems.add(
            new JsonProblem(
                path,
                "expected a timestamp (epoch millis or ISO-8601 such as 2025-03-14T09:26:53Z), got "
                    + describe(node)));
        return null;
      }
    } else {
      problems.add(
          new JsonProblem(path, "expected " + describe(schema) + ", got " + describe(node)));
      return null;
    }
    Conversion<Instant> conversion =
        model.getConversionByClass(Instant.class, schema.getLogicalType());
    return conversion != null ? (Object) Instant.ofEpochMilli(millis) : (Object) millis;
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  private static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> null;
      };
    }
    return null;
  }

  private Object bytes(JsonNode node, Schema schema, String path, List<JsonProblem> problems) {
    if (node.isTextual()) {
      try {
        byte[] bytes = Base64.getDecoder().decode(node.textValue());
        if (schema.getType() == Schema.Type.BYTES) {
          return ByteBuffer.wrap(bytes);
        }
        if (bytes.length == schema.getFixedSize()) {
          return model.createFixed(null, bytes, schema);
        }
        problems.add(
            new JsonProblem(
                path, "expected " + schema.getFixedSize() + " bytes, got " + bytes.length));
        return null;
      } catch (IllegalArgumentException e) {
        // not base64: reported below with what was expected
      }
    }
    problems.add(new JsonProblem(path, "expected " + describe(schema) + ", got " + describe(node)));
    return null;
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String key(String path, String key) {
    return key.matches("[A-Za-z_][A-Za-z0-9_\\-]*")
        ? child(path, key)
        : path + "[\"" + key.replace("\"", "\\\"") + "\"]";
  }

  /** What a schema expects, in words a JSON writer understands. */
  static String describe(Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> "an object (" + schema.getName() + ")";
      case ENUM -> "one of " + schema.getEnumSymbols();
      case ARRAY -> "an array of " + describe(schema.getElementType());
      case MAP -> "an object of " + describe(schema.getValueType());
      case UNION ->
          schema.getTypes().stream().map(JsonToAvro::describe).collect(Collectors.joining(" or "));
      case LONG ->
          schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
              ? "a timestamp (epoch millis or ISO-8601 text)"
              : "an integer (long)";
      case INT -> "an integer (int)";
      case FLOAT, DOUBLE -> "a number";
      case BOOLEAN -> "true or false";
      case STRING -> "a string";
      case BYTES -> "base64 text";
      case FIXED -> "base64 text of " + schema.getFixedSize() + " bytes";
      case NULL -> "null";
    };
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      return "string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
    if (node.isNumber()) {
      return "number " + node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isNull()) {
      return "null";
    }
    return node.isArray() ? "an array" : "an object";
  }
}
