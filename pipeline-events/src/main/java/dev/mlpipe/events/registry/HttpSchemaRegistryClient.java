package dev.mlpipe.events.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API with {@code
 * java.net.http}. Works against mlpipe's embedded registry and a real Confluent Schema Registry.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached for the life of the client, so a serde
 * asks the registry once per schema, not once per record. Connection errors and 5xx answers are
 * retried as {@link RegistryClientConfig} says; then the call fails with {@link
 * RegistryUnavailableException}. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  /** The content type of the Confluent REST API. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final Optional<String> authorization;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  public HttpSchemaRegistryClient(RegistryClientConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.authorization =
        config
            .basicAuth()
            .map(
                b ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (b.user() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)))
            .or(() -> config.bearerToken().map(t -> "Bearer " + t));
  }

  /** A client with default settings for this URL. */
  public static HttpSchemaRegistryClient of(String baseUrl) {
    return new HttpSchemaRegistryClient(RegistryClientConfig.of(baseUrl));
  }

  /** The configuration of this client. */
  public RegistryClientConfig config() {
    return config;
  }

  @Override
  public int register(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    Map<Schema, Integer> ids =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("POST", "/subjects/" + seg(subject) + "/versions", schemaBody(schema));
    int id = requiredInt(answer, "id");
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public SchemaVersion lookUp(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    JsonNode answer = call("POST", "/subjects/" + seg(subject), schemaBody(schema));
    SchemaVersion version = toVersion(answer, subject);
    idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, version.id());
    return version;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "/schemas/ids/" + id, null);
    Schema schema = parseSchema(answer, "schema id " + id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced == null ? schema : raced;
  }

  @Override
  public SchemaVersion version(String subject, String version) {
    requireSubject(subject);
    Objects.requireNonNull(version, "version");
    JsonNode answer =
        call("GET", "/subjects/" + seg(subject) + "/versions/" + seg(version.trim()), null);
    SchemaVersion v = toVersion(answer, subject);
    schemasById.putIfAbsent(v.id(), v.schema());
    return v;
  }

  @Override
  public List<String> subjects() {
    JsonNode answer = call("GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    requireArray(answer, "/subjects").forEach(n -> subjects.add(n.asText()));
    return List.copyOf(subjects);
  }

  @Override
  public List<Integer> versions(String subject) {
    requireSubject(subject);
    String path = "/subjects/" + seg(subject) + "/versions";
    return ints(call("GET", path, null), path);
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, String version, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(schema, "schema");
    JsonNode answer =
        call(
            "POST",
            "/compatibility/subjects/"
                + seg(subject)
                + "/versions/"
                + seg(version.trim())
                + "?verbose=true",
            schemaBody(schema));
    JsonNode compatible = answer.get("is_compatible");
    if (compatible == null || !compatible.isBoolean()) {
      throw unexpected("compatibility answer has no boolean 'is_compatible'", answer);
    }
    List<String> messages = new ArrayList<>();
    JsonNode m = answer.get("messages");
    if (m != null && m.isArray()) {
      m.forEach(n -> messages.add(n.asText()));
    }
    return new CompatibilityResult(compatible.asBoolean(), messages);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return level(call("GET", "/config", null));
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    Objects.requireNonNull(level, "level");
    call("PUT", "/config", levelBody(level));
  }

  @Override
  public CompatibilityLevel subjectCompatibility(String subject) {
    requireSubject(subject);
    return level(call("GET", "/config/" + seg(subject) + "?defaultToGlobal=true", null));
  }

  @Override
  public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    Objects.requireNonNull(level, "level");
    call("PUT", "/config/" + seg(subject), levelBody(level));
  }

  @Override
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    requireSubject(subject);
    String path = "/subjects/" + seg(subject) + (permanent ? "?permanent=true" : "");
    List<Integer> deleted = ints(call("DELETE", path, null), path);
    idsBySubject.remove(subject);
    return deleted;
  }

  @Override
  public int deleteVersion(String subject, String version, boolean permanent) {
    requireSubject(subject);
    Objects.requireNonNull(version, "version");
    String path =
        "/subjects/"
            + seg(subject)
            + "/versions/"
            + seg(version.trim())
            + (permanent ? "?permanent=true" : "");
    JsonNode answer = call("DELETE", path, null);
    if (!answer.isInt()) {
      throw unexpected("delete of a version did not answer a version number", answer);
    }
    idsBySubject.remove(subject);
    return answer.asInt();
  }

  @Override
  public void close() {
    schemasById.clear();
    idsBySubject.clear();
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private JsonNode call(String method, String pathAndQuery, JsonNode body) {
    URI uri = URI.create(config.baseUrl() + pathAndQuery);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(a -> builder.header("Authorization", a));
    if (body != null) {
      builder
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpRequest request = builder.build();

    long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
    Duration backoff = config.initialBackoff();
    int attempt = 0;
    while (true) {
      attempt++;
      String failure;
      Exception cause = null;
      try {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status < 500) {
          return handle(method, uri, status, response.body());
        }
        failure = "HTTP " + status + ": " + errorMessage(response.body());
      } catch (IOException e) {
        failure =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(
            "interrupted while calling the schema registry at " + uri, e);
      }
      long now = System.nanoTime();
      boolean timeLeft = now + backoff.toNanos() < deadline;
      if (attempt > config.maxRetries() || !timeLeft) {
        throw new RegistryUnavailableException(
            "schema registry at "
                + uri
                + " is unavailable after "
                + attempt
                + " attempt(s): "
                + failure
                + "; check that the registry runs and that "
                + config.baseUrl()
                + " is its URL",
            cause);
      }
      log.warn(
          "schema registry call {} {} failed (attempt {} of {}): {}; retrying in {} ms",
          method,
          uri,
          attempt,
          config.maxRetries() + 1,
          failure,
          backoff.toMillis());
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(
            "interrupted while waiting to retry the schema registry at " + uri, e);
      }
      backoff = backoff.multipliedBy(2);
      if (backoff.compareTo(config.maxBackoff()) > 0) {
        backoff = config.maxBackoff();
      }
    }
  }

  private static JsonNode handle(String method, URI uri, int status, String body) {
    if (status >= 200 && status < 300) {
      try {
        return JSON.readTree(body == null || body.isEmpty() ? "null" : body);
      } catch (JsonProcessingException e) {
        throw new SchemaRegistryException(
            status,
            status,
            "schema registry at "
                + uri
                + " answered "
                + method
                + " with non-JSON: "
                + snippet(body));
      }
    }
    JsonNode error = null;
    try {
      error = JSON.readTree(body == null || body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      // not a registry error body (e.g. a proxy's HTML page); reported below with the raw text
      log.debug("error body from {} is not JSON: {}", uri, e.getOriginalMessage());
    }
    if (error != null && error.has("error_code")) {
      String message = error.path("message").asText("");
      throw new SchemaRegistryException(status, error.get("error_code").asInt(status), message);
    }
    throw new SchemaRegistryException(
        status, status, "HTTP " + status + " from " + method + " " + uri + ": " + snippet(body));
  }

  private static String errorMessage(String body) {
    try {
      JsonNode error = JSON.readTree(body == null || body.isEmpty() ? "null" : body);
      if (error != null && error.has("message")) {
        return error.get("message").asText() + " (error_code " + error.path("error_code") + ")";
      }
    } catch (JsonProcessingException e) {
      log.debug("5xx error body is not JSON: {}", e.getOriginalMessage());
    }
    return snippet(body);
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  // --- JSON ---------------------------------------------------------------------------------

  private static ObjectNode schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    body.put("schemaType", "AVRO");
    return body;
  }

  private static ObjectNode levelBody(CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level.name());
    return body;
  }

  private static CompatibilityLevel level(JsonNode answer) {
    JsonNode level = answer.get("compatibilityLevel");
    if (level == null) {
      level = answer.get("compatibility");
    }
    if (level == null || !level.isTextual()) {
      throw unexpected("config answer has no 'compatibilityLevel'", answer);
    }
    return CompatibilityLevel.parse(level.asText());
  }

  private static SchemaVersion toVersion(JsonNode answer, String subject) {
    return new SchemaVersion(
        answer.path("subject").asText(subject),
        requiredInt(answer, "version"),
        requiredInt(answer, "id"),
        parseSchema(answer, "subject " + subject));
  }

  private static Schema parseSchema(JsonNode answer, String what) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new IllegalStateException(
          what + " is a " + type + " schema; mlpipe reads Avro schemas only");
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw unexpected("answer for " + what + " has no 'schema' string", answer);
    }
    return new Schema.Parser().parse(text.asText());
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode value = answer == null ? null : answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw unexpected("answer has no integer '" + field + "'", answer);
    }
    return value.asInt();
  }

  private static JsonNode requireArray(JsonNode answer, String path) {
    if (answer == null || !answer.isArray()) {
      throw unexpected(path + " did not answer a JSON array", answer);
    }
    return answer;
  }

  private static List<Integer> ints(JsonNode answer, String path) {
    List<Integer> values = new ArrayList<>();
    requireArray(answer, path).forEach(n -> values.add(n.asInt()));
    return List.copyOf(values);
  }

  private static IllegalStateException unexpected(String what, JsonNode answer) {
    return new IllegalStateException(
        "unexpected schema registry answer: " + what + ": " + snippet(String.valueOf(answer)));
  }

  private static void requireSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be blank");
    }
  }

  /** Percent-encodes one path segment. */
  private static String seg(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
