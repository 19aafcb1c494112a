package dev.mlpipe.webhook.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.util.Objects;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The OpenAPI 3.1 description of the bridge's HTTP API ({@code /v1/openapi.json}), with each
 * event's request body schema derived from its Avro schema, so the description cannot drift from
 * what the API accepts.
 */
public final class OpenApi {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenApi() {}

  /** The document, as pretty JSON. */
  public static String json() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the OpenAPI document: " + e.getMessage(), e);
    }
  }

  /** The document as a tree. */
  public static ObjectNode document() {
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("openapi", "3.1.0");
    doc.putObject("info")
        .put("title", "mlpipe webhook bridge")
        .put("version", "1")
        .put(
            "description",
            "Publishes pipeline events: GitHub deliveries at /webhooks/github, and events of any"
                + " type from CI systems and other tools at /v1/events/{event-type}.");
    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    components
        .putObject("securitySchemes")
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put("description", "A token from MLPIPE_WEBHOOK_API_TOKENS.");
    schemas.set("Published", published());
    schemas.set("Problem", problem());

    ObjectNode paths = doc.putObject("paths");
    for (Topic<? extends SpecificRecord> topic : Topics.ALL) {
      Schema avro = SpecificData.get().getSchema(topic.valueType());
      ObjectNode eventSchema = record(avro, schemas);
      // meta may be left out: the API then starts a new run.
      ArrayNode required = eventSchema.withArray("required");
      for (int i = required.size() - 1; i >= 0; i--) {
        if (required.get(i).asText().equals("meta")) {
          required.remove(i);
        }
      }
      schemas.set(avro.getName(), eventSchema);
      paths.set("/v1/events/" + EventTypes.typeOf(topic), eventPath(topic, avro));
    }
    paths.set("/webhooks/github", githubPath());
    return doc;
  }

  private static ObjectNode eventPath(Topic<?> topic, Schema avro) {
    ObjectNode post = MAPPER.createObjectNode();
    ObjectNode op = post.putObject("post");
    op.put("summary", "Publish a " + avro.getName() + " to " + topic.name());
    op.put("operationId", "publish" + avro.getName());
    op.putArray("security").addObject().putArray("bearer");
    op.put(
        "description",
        "With an Idempotency-Key header, the request is published at most once per key and event"
            + " type, durably (across restarts and bridge instances, like GitHub delivery ids): a"
            + " retry with the same key and body publishes nothing and is answered 201 with the"
            + " first request's eventId and runId, \"replayed\": true and the header"
            + " Idempotent-Replayed: true; the same key with a different body is refused with 422."
            + " Without the header every request publishes a new event.");
    op.putArray("parameters")
        .addObject()
        .put("name", IdempotencyKey.HEADER)
        .put("in", "header")
        .put("required", false)
        .put(
            "description",
            "A key unique to this event, e.g. a UUID or the CI job's id: 1 to "
                + IdempotencyKey.MAX_LENGTH
                + " visible ASCII characters.")
        .putObject("schema")
        .put("type", "string")
        .put("minLength", 1)
        .put("maxLength", IdempotencyKey.MAX_LENGTH);
    op.putObject("requestBody")
        .put("required", true)
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + avro.getName());
    ObjectNode responses = op.putObject("responses");
    responses
        .putObject("201")
        .put(
            "description",
            "Published and acknowledged by Kafka; or, for a retry with the same Idempotency-Key,"
                + " the first request's eventId and runId with replayed: true.")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/Published");
    problemResponse(responses, "400", "The JSON does not match the event's schema.");
    problemResponse(responses, "401", "No token, or one that is not configured.");
    problemResponse(responses, "403", "The token may not publish this event type.");
    problemResponse(responses, "413", "The body is too large.");
    problemResponse(
        responses, "422", "The Idempotency-Key was used before for a different request.");
    problemResponse(responses, "503", "Kafka did not acknowledge in time; retry.");
    return post;
  }

  private static ObjectNode githubPath() {
    ObjectNode post = MAPPER.createObjectNode();
    ObjectNode op = post.putObject("post");
    op.put("summary", "A GitHub webhook delivery (push, ping, pull_request)");
    op.put(
        "description",
        "Signed with X-Hub-Signature-256; application/json or application/x-www-form-urlencoded."
            + " A push to a watched repository, branch and path publishes one CommitPushed, once per"
            + " X-GitHub-Delivery.");
    ObjectNode responses = op.putObject("responses");
    responses.putObject("200").put("description", "Published (or already published), or ping.");
    responses.putObject("202").put("description", "Accepted and ignored; the body says why.");
    responses.putObject("400").put("description", "Malformed; the body names what is missing.");
    responses.putObject("401").put("description", "Missing or wrong signature.");
    responses.putObject("413").put("description", "Body over 25 MB.");
    responses.putObject("415").put("description", "Content type GitHub does not send.");
    responses.putObject("503").put("description", "Kafka did not acknowledge in time.");
    return post;
  }

  private static void problemResponse(ObjectNode responses, String status, String description) {
    responses
        .putObject(status)
        .put("description", description)
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/Problem");
  }

  private static ObjectNode published() {
    ObjectNode schema = object();
    ObjectNode props = schema.putObject("properties");
    for (String field : new String[] {"eventId", "runId", "topic"}) {
      props.putObject(field).put("type", "string");
    }
    props.putObject("partition").put("type", "integer");
    props.putObject("offset").put("type", "integer");
    props
        .putObject("replayed")
        .put("type", "boolean")
        .put("description", "True when a retry with the same Idempotency-Key was answered.");
    schema.putArray("required").add("eventId").add("runId");
    return schema;
  }

  private static ObjectNode problem() {
    ObjectNode schema = object();
    ObjectNode props = schema.putObject("properties");
    props.putObject("status").put("type", "integer");
    props.putObject("message").put("type", "string");
    ObjectNode item = props.putObject("problems").put("type", "array").putObject("items");
    item.put("type", "object");
    item.putObject("properties").putObject("path").put("type", "string");
    ((ObjectNode) item.get("properties")).putObject("message").put("type", "string");
    schema.putArray("required").add("status").add("message");
    return schema;
  }

  private static ObjectNode object() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", "object");
    return node;
  }

  private static ObjectNode record(Schema schema, ObjectNode components) {
    ObjectNode node = object();
    if (schema.getDoc() != null) {
      node.put("description", schema.getDoc());
    }
    ObjectNode props = node.putObject("properties");
    ArrayNode required = node.putArray("required");
    for (Schema.Field field : schema.getFields()) {
      ObjectNode property = type(field.schema(), components);
      if (field.doc() != null) {
        property.put("description", field.doc());
      }
      props.set(field.name(), property);
      if (!field.hasDefaultValue()) {
        required.add(field.name());
      }
    }
    node.put("additionalProperties", false);
    return node;
  }

  private static ObjectNode type(Schema schema, ObjectNode components) {
    Objects.requireNonNull(schema, "schema");
    ObjectNode node = MAPPER.createObjectNode();
    switch (schema.getType()) {
      case RECORD:
      case ENUM:
        if (!components.has(schema.getName())) {
          components.putObject(schema.getName()); // placeholder against recursion
          components.set(
              schema.getName(),
              schema.getType() == Schema.Type.RECORD
                  ? record(schema, components)
                  : enumType(schema));
        }
        return node.put("$ref", "#/components/schemas/" + schema.getName());
      case UNION:
        ArrayNode anyOf = node.putArray("anyOf");
        schema.getTypes().forEach(t -> anyOf.add(type(t, components)));
        return node;
      case ARRAY:
        node.put("type", "array");
        node.set("items", type(schema.getElementType(), components));
        return node;
      case MAP:
        node.put("type", "object");
        node.set("additionalProperties", type(schema.getValueType(), components));
        return node;
      case STRING:
        return node.put("type", "string");
      case BYTES:
      case FIXED:
        return node.put("type", "string").put("contentEncoding", "base64");
      case INT:
        return node.put("type", "integer").put("format", "int32");
      case LONG:
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          node.putArray("type").add("integer").add("string");
          return node.put("description", "epoch milliseconds, or ISO-8601 date-time");
        }
        return node.put("type", "integer").put("format", "int64");
      case FLOAT:
      case DOUBLE:
        return node.put("type", "number");
      case BOOLEAN:
        return node.put("type", "boolean");
      case NULL:
      default:
        return node.put("type", "null");
    }
  }

  private static ObjectNode enumType(Schema schema) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", "string");
    ArrayNode symbols = node.putArray("enum");
    schema.getEnumSymbols().forEach(symbols::add);
    if (schema.getDoc() != null) {
      node.put("description", schema.getDoc());
    }
    return node;
  }
}
