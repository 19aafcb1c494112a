package dev.mlpipe.events.serde;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.registry.SchemaRegistryClient;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory schema registry for tests: global ids (the same schema gets the same id under every
 * subject), versions per subject from 1, latest; compatibility is checked on register as the real
 * registry does (BACKWARD by default). {@link #setDown(boolean)} makes every call fail with {@link
 * RegistryUnavailableException}; the call counters let a test prove the registry is not asked per
 * record. Soft and hard deletes are not modelled.
 */
public final class FakeSchemaRegistryClient implements SchemaRegistryClient {

  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> idsBySubject = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;
  private volatile boolean down;

  /** Calls of {@link #register}. */
  public final AtomicInteger registerCalls = new AtomicInteger();

  /** Calls of {@link #lookUp}. */
  public final AtomicInteger lookUpCalls = new AtomicInteger();

  /** Calls of {@link #schemaById}. */
  public final AtomicInteger schemaByIdCalls = new AtomicInteger();

  /** Calls of {@link #version} (and so of {@link #latest}). */
  public final AtomicInteger versionCalls = new AtomicInteger();

  /** While down, every call throws {@link RegistryUnavailableException}. */
  public void setDown(boolean down) {
    this.down = down;
  }

  private void checkUp() {
    if (down) {
      throw new RegistryUnavailableException(
          "fake schema registry is down (FakeSchemaRegistryClient.setDown(true))", null);
    }
  }

  private static String key(Schema schema) {
    return schema.toString();
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    registerCalls.incrementAndGet();
    checkUp();
    List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(key(schema));
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    CompatibilityResult compatibility = check(subject, schema);
    if (!compatibility.compatible()) {
      if (versions.isEmpty()) {
        idsBySubject.remove(subject);
      }
      throw new SchemaRegistryException(
          409,
          SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\": "
              + compatibility.messages());
    }
    int id = existing != null ? existing : nextId++;
    idsBySchema.put(key(schema), id);
    schemasById.put(id, schema);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized SchemaVersion lookUp(String subject, Schema schema) {
    lookUpCalls.incrementAndGet();
    checkUp();
    List<Integer> versions = idsBySubject.get(subject);
    if (versions == null) {
      throw subjectNotFound(subject);
    }
    Integer id = idsBySchema.get(key(schema));
    int index = id == null ? -1 : versions.indexOf(id);
    if (index < 0) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }
    return new SchemaVersion(subject, index + 1, id, schemasById.get(id));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    schemaByIdCalls.incrementAndGet();
    checkUp();
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized SchemaVersion version(String subject, String version) {
    versionCalls.incrementAndGet();
    checkUp();
    List<Integer> versions = idsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw subjectNotFound(subject);
    }
    int number;
    if ("latest".equals(version) || "-1".equals(version)) {
      number = versions.size();
    } else {
      try {
        number = Integer.parseInt(version);
      } catch (NumberFormatException e) {
        throw new SchemaRegistryException(
            422,
            SchemaRegistryException.INVALID_VERSION,
            "The specified version '" + version + "' is not a valid version id");
      }
    }
    if (number < 1 || number > versions.size()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }
    int id = versions.get(number - 1);
    return new SchemaVersion(subject, number, id, schemasById.get(id));
  }

  @Override
  public synchronized List<String> subjects() {
    checkUp();
    return List.copyOf(idsBySubject.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    checkUp();
    List<Integer> versions = idsBySubject.get(subject);
    if (versions == null) {
      throw subjectNotFound(subject);
    }
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= versions.size(); i++) {
      numbers.add(i);
    }
    return numbers;
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(
      String subject, String version, Schema schema) {
    checkUp();
    return check(subject, schema);
  }

  /** Checks the schema against the subject's latest version (or all, for transitive levels). */
  private CompatibilityResult check(String subject, Schema schema) {
    CompatibilityLevel level = subjectLevels.getOrDefault(subject, globalLevel);
    List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
    if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
      return new CompatibilityResult(true, List.of());
    }
    List<Integer> against =
        level.transitive() ? versions : List.of(versions.get(versions.size() - 1));
    List<String> messages = new ArrayList<>();
    for (int id : against) {
      Schema existing = schemasById.get(id);
      boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
      boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
      if (backward) {
        messages.addAll(incompatibilities(schema, existing));
      }
      if (forward) {
        messages.addAll(incompatibilities(existing, schema));
      }
    }
    return new CompatibilityResult(messages.isEmpty(), messages);
  }

  private static List<String> incompatibilities(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
        .getResult()
        .getIncompatibilities()
        .stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .toList();
  }

  @Override
  public synchronized CompatibilityLevel globalCompatibility() {
    checkUp();
    return globalLevel;
  }

  @Override
  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    checkUp();
    globalLevel = level;
  }

  @Override
  public synchronized CompatibilityLevel subjectCompatibility(String subject) {
    checkUp();
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  @Override
  public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    checkUp();
    subjectLevels.put(subject, level);
  }

  @Override
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    throw new UnsupportedOperationException(
        "FakeSchemaRegistryClient does not model deletes; test deletes against the embedded"
            + " registry server");
  }

  @Override
  public int deleteVersion(String subject, String version, boolean permanent) {
    throw new UnsupportedOperationException(
        "FakeSchemaRegistryClient does not model deletes; test deletes against the embedded"
            + " registry server");
  }

  @Override
  public void close() {}

  private static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }
}
