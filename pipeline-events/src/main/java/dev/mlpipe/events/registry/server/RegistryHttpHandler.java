package dev.mlpipe.events.registry.server;

import static dev.mlpipe.events.registry.SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL;
import static dev.mlpipe.events.registry.SchemaRegistryException.INVALID_SCHEMA;
import static dev.mlpipe.events.registry.SchemaRegistryException.INVALID_VERSION;
import static dev.mlpipe.events.registry.SchemaRegistryException.SCHEMA_NOT_FOUND;
import static dev.mlpipe.events.registry.SchemaRegistryException.STORE_ERROR;
import static dev.mlpipe.events.registry.SchemaRegistryException.STORE_TIMEOUT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over {@link RegistryCore}. Every failure becomes a
 * Confluent error body {@code {"error_code": N, "message": "..."}}; malformed requests are 4xx,
 * only a failing store is 5xx.
 */
final class RegistryHttpHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ACCEPTED_CONTENT_TYPES =
      Set.of(
          CONTENT_TYPE,
          "application/vnd.schemaregistry+json",
          "application/json",
          "application/octet-stream");
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final RegistryCore core;

  RegistryHttpHandler(RegistryCore core) {
    this.core = core;
  }

  /** An answer: status, JSON body and extra headers. */
  private record Answer(int status, JsonNode body, Map<String, String> headers) {
    static Answer ok(JsonNode body) {
      return new Answer(200, body, Map.of());
    }
  }

  /** A parsed request. */
  private record Request(
      HttpExchange exchange,
      String method,
      String path,
      List<String> segments,
      Map<String, String> query) {

    boolean flag(String name) {
      return "true".equalsIgnoreCase(query.getOrDefault(name, "false").trim());
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    Answer answer;
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    try {
      answer = route(parse(exchange));
    } catch (SchemaRegistryException e) {
      answer = error(e.httpStatus(), e.errorCode(), e.getMessage());
    } catch (SchemaStoreException e) {
      log.warn("registry store failed answering {} {}: {}", method, rawPath, e.toString());
      answer =
          error(
              500,
              e.timeout() ? STORE_TIMEOUT : STORE_ERROR,
              "Error in the backend data store: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("registry failed answering {} {}", method, rawPath, e);
      answer = error(500, 500, "Internal registry error: " + e);
    }
    try {
      send(exchange, answer);
    } catch (IOException e) {
      log.debug("could not send the answer to {} {}: {}", method, rawPath, e.toString());
    } finally {
      exchange.close();
    }
  }

  private static Request parse(HttpExchange exchange) {
    String rawPath = exchange.getRequestURI().getRawPath();
    if (rawPath == null) {
      rawPath = "/";
    }
    List<String> segments = new ArrayList<>();
    String[] parts = rawPath.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      boolean trailing = i == parts.length - 1 && parts[i].isEmpty();
      if (!trailing) {
        segments.add(decode(parts[i]));
      }
    }
    Map<String, String> query = new HashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.put(key, value);
      }
    }
    return new Request(
        exchange, exchange.getRequestMethod().toUpperCase(Locale.ROOT), rawPath, segments, query);
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(
          400, 400, "malformed percent-encoding in '" + raw + "': " + e.getMessage());
    }
  }

  // --- routing ------------------------------------------------------------------------------

  private Answer route(Request r) {
    List<String> p = r.segments();
    if (p.stream().anyMatch(String::isEmpty)) {
      return notFound(r);
    }
    if (p.isEmpty()) {
      return methods(r, Map.of("GET", () -> Answer.ok(JSON.createObjectNode())));
    }
    switch (p.get(0)) {
      case "schemas":
        return schemas(r, p);
      case "subjects":
        return subjects(r, p);
      case "compatibility":
        return compatibility(r, p);
      case "config":
        return config(r, p);
      case "mode":
        if (p.size() == 1) {
          return methods(
              r, Map.of("GET", () -> Answer.ok(JSON.createObjectNode().put("mode", "READWRITE"))));
        }
        return notFound(r);
      default:
        return notFound(r);
    }
  }

  private Answer schemas(Request r, List<String> p) {
    if (p.size() == 2 && p.get(1).equals("types")) {
      return methods(r, Map.of("GET", () -> Answer.ok(JSON.createArrayNode().add("AVRO"))));
    }
    if (p.size() >= 3 && p.size() <= 4 && p.get(1).equals("ids")) {
      String tail = p.size() == 4 ? p.get(3) : "";
      if (!tail.isEmpty() && !tail.equals("schema") && !tail.equals("versions")) {
        return notFound(r);
      }
      return methods(
          r,
          Map.of(
              "GET",
              () -> {
                int id = schemaId(p.get(2));
                if (tail.equals("versions")) {
                  List<SchemaVersion> uses = core.read(s -> s.versionsOfId(id, r.flag("deleted")));
                  ArrayNode array = JSON.createArrayNode();
                  uses.forEach(
                      u ->
                          array
                              .addObject()
                              .put("subject", u.subject())
                              .put("version", u.version()));
                  return Answer.ok(array);
                }
                Schema schema = core.read(s -> s.schemaById(id));
                if (tail.equals("schema")) {
                  return Answer.ok(rawSchema(schema));
                }
                return Answer.ok(JSON.createObjectNode().put("schema", schema.toString()));
              }));
    }
    return notFound(r);
  }

  private Answer subjects(Request r, List<String> p) {
    if (p.size() == 1) {
      return methods(
          r,
          Map.of("GET", () -> Answer.ok(strings(core.read(s -> s.subjects(r.flag("deleted")))))));
    }
    String subject = p.get(1);
    if (p.size() == 2) {
      return methods(
          r,
          Map.of(
              "POST",
              () -> {
                Schema schema = schemaBody(r);
                return Answer.ok(
                    versionJson(core.read(s -> s.lookUp(subject, schema, r.flag("deleted")))));
              },
              "DELETE",
              () -> {
                Object deleted =
                    core.write(new RegistryCommand.DeleteSubject(subject, r.flag("permanent")));
                return Answer.ok(JSON.valueToTree(deleted));
              }));
    }
    if (!p.get(2).equals("versions")) {
      return notFound(r);
    }
    if (p.size() == 3) {
      return methods(
          r,
          Map.of(
              "GET",
              () ->
                  Answer.ok(
                      JSON.valueToTree(core.read(s -> s.versions(subject, r.flag("deleted"))))),
              "POST",
              () -> {
                Schema schema = schemaBody(r);
                Object answer =
                    core.write(new RegistryCommand.Register(subject, schema.toString()));
                RegistryState.Registered registered = (RegistryState.Registered) answer;
                return Answer.ok(JSON.createObjectNode().put("id", registered.id()));
              }));
    }
    if (p.size() == 4 || (p.size() == 5 && p.get(4).equals("schema"))) {
      boolean raw = p.size() == 5;
      Map<String, Supplier<Answer>> handlers = new HashMap<>();
      handlers.put(
          "GET",
          () -> {
            int version = version(p.get(3));
            SchemaVersion v = core.read(s -> s.version(subject, version, r.flag("deleted")));
            return Answer.ok(raw ? rawSchema(v.schema()) : versionJson(v));
          });
      if (!raw) {
        handlers.put(
            "DELETE",
            () -> {
              int version = version(p.get(3));
              Object deleted =
                  core.write(
                      new RegistryCommand.DeleteVersion(subject, version, r.flag("permanent")));
              return Answer.ok(JSON.valueToTree(deleted));
            });
      }
      return methods(r, handlers);
    }
    return notFound(r);
  }

  private Answer compatibility(Request r, List<String> p) {
    boolean shape =
        (p.size() == 4 || p.size() == 5)
            && p.get(1).equals("subjects")
            && p.get(3).equals("versions");
    if (!shape) {
      return notFound(r);
    }
    String subject = p.get(2);
    return methods(
        r,
        Map.of(
            "POST",
            () -> {
              Integer version = p.size() == 5 ? version(p.get(4)) : null;
              Schema schema = schemaBody(r);
              CompatibilityResult result =
                  core.read(s -> s.testCompatibility(subject, version, schema));
              ObjectNode body = JSON.createObjectNode().put("is_compatible", result.compatible());
              if (r.flag("verbose")) {
                body.set("messages", strings(result.messages()));
              }
              return Answer.ok(body);
            }));
  }

  private Answer config(Request r, List<String> p) {
    if (p.size() == 1) {
      return methods(
          r,
          Map.of(
              "GET",
              () ->
                  Answer.ok(levelJson("compatibilityLevel", core.read(RegistryState::globalLevel))),
              "PUT",
              () -> {
                CompatibilityLevel level = levelBody(r);
                core.write(
                    new RegistryCommand.SetCompatibility(Optional.empty(), Optional.of(level)));
                return Answer.ok(levelJson("compatibility", level));
              }));
    }
    if (p.size() == 2) {
      String subject = p.get(1);
      return methods(
          r,
          Map.of(
              "GET",
              () ->
                  Answer.ok(
                      levelJson(
                          "compatibilityLevel",
                          core.read(s -> s.subjectLevel(subject, r.flag("defaultToGlobal"))))),
              "PUT",
              () -> {
                CompatibilityLevel level = levelBody(r);
                core.write(
                    new RegistryCommand.SetCompatibility(Optional.of(subject), Optional.of(level)));
                return Answer.ok(levelJson("compatibility", level));
              },
              "DELETE",
              () -> {
                Object previous =
                    core.write(
                        new RegistryCommand.SetCompatibility(
                            Optional.of(subject), Optional.empty()));
                return Answer.ok(levelJson("compatibilityLevel", (CompatibilityLevel) previous));
              }));
    }
    return notFound(r);
  }

  private static Answer methods(Request r, Map<String, Supplier<Answer>> handlers) {
    Supplier<Answer> handler = handlers.get(r.method());
    if (handler == null) {
      String allowed = String.join(", ", new TreeMap<>(handlers).keySet());
      Answer error =
          error(
              405,
              405,
              "HTTP method "
                  + r.method()
                  + " is not allowed on "
                  + r.path()
                  + "; allowed: "
                  + allowed);
      return new Answer(405, error.body(), Map.of("Allow", allowed));
    }
    return handler.get();
  }

  private static Answer notFound(Request r) {
    return error(404, 404, "HTTP 404 Not Found: no registry endpoint at " + r.path());
  }

  // --- request bodies -----------------------------------------------------------------------

  private static JsonNode jsonBody(Request r) {
    String contentType = r.exchange().getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && !contentType.isBlank()) {
      String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!ACCEPTED_CONTENT_TYPES.contains(mediaType)) {
        throw new SchemaRegistryException(
            415,
            415,
            "HTTP 415 Unsupported Media Type '"
                + contentType
                + "'; send "
                + CONTENT_TYPE
                + " or application/json");
      }
    }
    byte[] bytes;
    try (InputStream in = r.exchange().getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new SchemaRegistryException(400, 400, "could not read the request body: " + e);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new SchemaRegistryException(
          413, 413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      throw new SchemaRegistryException(422, 422, "request body is empty; send a JSON object");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new SchemaRegistryException(
            422, 422, "request body must be a JSON object, was " + describe(node));
      }
      return node;
    } catch (IOException e) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw new SchemaRegistryException(422, 422, "request body is not valid JSON: " + detail);
    }
  }

  private static Schema schemaBody(Request r) {
    JsonNode body = jsonBody(r);
    JsonNode type = body.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
      throw new SchemaRegistryException(
          422,
          INVALID_SCHEMA,
          "Invalid schema: schemaType '"
              + type.asText()
              + "' is not supported; this registry serves AVRO");
    }
    JsonNode references = body.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw new SchemaRegistryException(
          422, INVALID_SCHEMA, "Invalid schema: schema references are not supported here");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw new SchemaRegistryException(
          422,
          INVALID_SCHEMA,
          "Invalid schema: the request body needs a 'schema' field holding the Avro schema as a"
              + " JSON string, was "
              + describe(schema));
    }
    return RegistryState.parse(schema.asText());
  }

  private static CompatibilityLevel levelBody(Request r) {
    JsonNode body = jsonBody(r);
    JsonNode level = body.get("compatibility");
    if (level == null) {
      level = body.get("compatibilityLevel");
    }
    if (level == null || !level.isTextual()) {
      throw new SchemaRegistryException(
          422,
          INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level: the body needs {\"compatibility\": \"<level>\"}, was "
              + body);
    }
    try {
      return CompatibilityLevel.parse(level.asText());
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException(
          422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level: " + e.getMessage());
    }
  }

  private static int version(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("latest") || t.equals("-1")) {
      return RegistryState.LATEST;
    }
    try {
      int v = Integer.parseInt(t);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the error below says what is allowed
    }
    throw new SchemaRegistryException(
        422,
        INVALID_VERSION,
        "The specified version '"
            + text
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
            + " string \"latest\"");
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException(
          404, SCHEMA_NOT_FOUND, "Schema '" + text + "' not found: ids are integers");
    }
  }

  // --- answers ------------------------------------------------------------------------------

  private static ObjectNode versionJson(SchemaVersion v) {
    return JSON.createObjectNode()
        .put("subject", v.subject())
        .put("version", v.version())
        .put("id", v.id())
        .put("schema", v.schema().toString());
  }

  private static JsonNode rawSchema(Schema schema) {
    try {
      return JSON.readTree(schema.toString());
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(schema.toString());
    }
  }

  private static ObjectNode levelJson(String field, CompatibilityLevel level) {
    return JSON.createObjectNode().put(field, level.name());
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(Locale.ROOT)
        + " "
        + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
  }

  private static Answer error(int status, int code, String message) {
    return new Answer(
        status, JSON.createObjectNode().put("error_code", code).put("message", message), Map.of());
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(answer.body());
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(answer.status(), head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
