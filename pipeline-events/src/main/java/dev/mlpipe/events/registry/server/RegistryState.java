package dev.mlpipe.events.registry.server;

import static dev.mlpipe.events.registry.SchemaRegistryException.INCOMPATIBLE_SCHEMA;
import static dev.mlpipe.events.registry.SchemaRegistryException.INVALID_SCHEMA;
import static dev.mlpipe.events.registry.SchemaRegistryException.SCHEMA_NOT_FOUND;
import static dev.mlpipe.events.registry.SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED;
import static dev.mlpipe.events.registry.SchemaRegistryException.SUBJECT_NOT_FOUND;
import static dev.mlpipe.events.registry.SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED;
import static dev.mlpipe.events.registry.SchemaRegistryException.SUBJECT_SOFT_DELETED;
import static dev.mlpipe.events.registry.SchemaRegistryException.VERSION_NOT_FOUND;
import static dev.mlpipe.events.registry.SchemaRegistryException.VERSION_NOT_SOFT_DELETED;
import static dev.mlpipe.events.registry.SchemaRegistryException.VERSION_SOFT_DELETED;

import dev.mlpipe.events.registry.CompatibilityLevel;
import dev.mlpipe.events.registry.CompatibilityResult;
import dev.mlpipe.events.registry.SchemaRegistryException;
import dev.mlpipe.events.registry.SchemaVersion;
import dev.mlpipe.events.registry.server.AvroCompatibility.Earlier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state machine: subjects, versions, global ids and compatibility levels, built by
 * applying the store's commands in order. Applying is deterministic, so every instance that replays
 * the same log reaches the same state; a new schema's global id is its command's position plus one.
 * Ids stay resolvable after their versions are deleted. Not thread-safe: {@link RegistryCore}
 * serialises access.
 */
final class RegistryState {

  /** The latest version, in version arguments. */
  static final int LATEST = -1;

  /** The answer to a registration. */
  record Registered(int id, int version) {}

  /** What a command would answer and whether it changes anything (so must be appended). */
  record Decision(boolean changesState, Object answer) {}

  private static final class Version {
    final int number;
    final int id;
    boolean deleted;

    Version(int number, int id) {
      this.number = number;
      this.id = id;
    }
  }

  private long position = -1;
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();

  /** Position of the last applied command, -1 before the first. */
  long position() {
    return position;
  }

  /** What {@code command} would answer now, without changing anything; throws when refused. */
  Decision decide(RegistryCommand command) {
    return run(command, -1, false);
  }

  /** Applies the command found at {@code at}; throws (and changes nothing) when it is refused. */
  Object apply(long at, RegistryCommand command) {
    if (at <= position) {
      throw new IllegalStateException(
          "registry log went backwards: position " + at + " after " + position);
    }
    position = at;
    return run(command, at, true).answer();
  }

  private Decision run(RegistryCommand command, long at, boolean commit) {
    if (command instanceof RegistryCommand.Register r) {
      return register(r, at, commit);
    } else if (command instanceof RegistryCommand.DeleteSubject d) {
      return deleteSubject(d, commit);
    } else if (command instanceof RegistryCommand.DeleteVersion d) {
      return deleteVersion(d, commit);
    } else if (command instanceof RegistryCommand.SetCompatibility c) {
      return setCompatibility(c, commit);
    }
    throw new IllegalArgumentException("unknown registry command " + command);
  }

  // --- commands -----------------------------------------------------------------------------

  private Decision register(RegistryCommand.Register command, long at, boolean commit) {
    String subject = command.subject();
    Schema schema = parse(command.schema());
    String canonical = schema.toString();
    Integer knownId = idsBySchema.get(canonical);
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (knownId != null && versions != null) {
      for (Version v : versions.values()) {
        if (!v.deleted && v.id == knownId) {
          return new Decision(false, new Registered(knownId, v.number));
        }
      }
    }
    CompatibilityLevel level = effectiveLevel(subject);
    CompatibilityResult result = AvroCompatibility.check(level, schema, liveEarlier(subject));
    if (!result.compatible()) {
      throw new SchemaRegistryException(
          409,
          INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\" under compatibility "
              + level
              + ", details: "
              + result.messages());
    }
    int id = knownId != null ? knownId : commit ? idForPosition(at) : -1;
    int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    if (commit) {
      idsBySchema.putIfAbsent(canonical, id);
      schemasById.putIfAbsent(id, schema);
      subjects
          .computeIfAbsent(subject, s -> new TreeMap<>())
          .put(version, new Version(version, id));
    }
    return new Decision(true, new Registered(id, version));
  }

  private Decision deleteSubject(RegistryCommand.DeleteSubject command, boolean commit) {
    String subject = command.subject();
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw subjectNotFound(subject);
    }
    List<Integer> live = new ArrayList<>();
    versions.values().stream().filter(v -> !v.deleted).forEach(v -> live.add(v.number));
    if (!command.permanent()) {
      if (live.isEmpty()) {
        throw new SchemaRegistryException(
            404,
            SUBJECT_SOFT_DELETED,
            "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
      }
      if (commit) {
        versions.values().forEach(v -> v.deleted = true);
      }
      return new Decision(true, List.copyOf(live));
    }
    if (!live.isEmpty()) {
      throw new SchemaRegistryException(
          404,
          SUBJECT_NOT_SOFT_DELETED,
          "Subject '"
              + subject
              + "' was not deleted first before being permanently deleted; delete it without"
              + " permanent=true first");
    }
    List<Integer> all = List.copyOf(versions.keySet());
    if (commit) {
      subjects.remove(subject);
      subjectLevels.remove(subject);
    }
    return new Decision(true, all);
  }

  private Decision deleteVersion(RegistryCommand.DeleteVersion command, boolean commit) {
    String subject = command.subject();
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw subjectNotFound(subject);
    }
    int number = command.version();
    if (number == LATEST) {
      Optional<Version> latest =
          command.permanent()
              ? Optional.of(versions.lastEntry().getValue())
              : versions.descendingMap().values().stream().filter(v -> !v.deleted).findFirst();
      number = latest.orElseThrow(() -> versionNotFound("latest")).number;
    }
    Version version = versions.get(number);
    if (version == null) {
      throw versionNotFound(String.valueOf(number));
    }
    if (!command.permanent()) {
      if (version.deleted) {
        throw new SchemaRegistryException(
            404,
            VERSION_SOFT_DELETED,
            "Subject '"
                + subject
                + "' Version "
                + number
                + " was soft deleted. Set permanent=true to delete permanently");
      }
      if (commit) {
        version.deleted = true;
      }
      return new Decision(true, number);
    }
    if (!version.deleted) {
      throw new SchemaRegistryException(
          404,
          VERSION_NOT_SOFT_DELETED,
          "Subject '"
              + subject
              + "' Version "
              + number
              + " was not deleted first before being permanently deleted; delete it without"
              + " permanent=true first");
    }
    if (commit) {
      versions.remove(number);
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    }
    return new Decision(true, number);
  }

  private Decision setCompatibility(RegistryCommand.SetCompatibility command, boolean commit) {
    if (command.subject().isEmpty()) {
      CompatibilityLevel level = command.level().orElseThrow();
      boolean changes = level != globalLevel;
      if (commit) {
        globalLevel = level;
      }
      return new Decision(changes, level);
    }
    String subject = command.subject().get();
    CompatibilityLevel previous = subjectLevels.get(subject);
    if (command.level().isEmpty()) {
      if (previous == null) {
        throw noSubjectLevel(subject);
      }
      if (commit) {
        subjectLevels.remove(subject);
      }
      return new Decision(true, previous);
    }
    CompatibilityLevel level = command.level().get();
    if (commit) {
      subjectLevels.put(subject, level);
    }
    return new Decision(level != previous, level);
  }

  // --- queries ------------------------------------------------------------------------------

  Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  /** The (subject, version) pairs that use this id. */
  List<SchemaVersion> versionsOfId(int id, boolean includeDeleted) {
    Schema schema = schemaById(id);
    List<SchemaVersion> uses = new ArrayList<>();
    subjects.forEach(
        (subject, versions) ->
            versions.values().stream()
                .filter(v -> v.id == id && (includeDeleted || !v.deleted))
                .forEach(v -> uses.add(new SchemaVersion(subject, v.number, id, schema))));
    return uses;
  }

  List<String> subjects(boolean includeDeleted) {
    List<String> names = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted)) {
            names.add(subject);
          }
        });
    return names;
  }

  List<Integer> versions(String subject, boolean includeDeleted) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    List<Integer> numbers = new ArrayList<>();
    if (versions != null) {
      versions.values().stream()
          .filter(v -> includeDeleted || !v.deleted)
          .forEach(v -> numbers.add(v.number));
    }
    if (numbers.isEmpty()) {
      throw subjectNotFound(subject);
    }
    return numbers;
  }

  SchemaVersion version(String subject, int number, boolean includeDeleted) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null
        || versions.values().stream().noneMatch(v -> includeDeleted || !v.deleted)) {
      throw subjectNotFound(subject);
    }
    Version version;
    if (number == LATEST) {
      version =
          versions.descendingMap().values().stream()
              .filter(v -> includeDeleted || !v.deleted)
              .findFirst()
              .orElseThrow(() -> versionNotFound("latest"));
    } else {
      version = versions.get(number);
      if (version == null || (version.deleted && !includeDeleted)) {
        throw versionNotFound(String.valueOf(number));
      }
    }
    return new SchemaVersion(subject, version.number, version.id, schemasById.get(version.id));
  }

  SchemaVersion lookUp(String subject, Schema schema, boolean includeDeleted) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null
        || versions.values().stream().noneMatch(v -> includeDeleted || !v.deleted)) {
      throw subjectNotFound(subject);
    }
    Integer id = idsBySchema.get(schema.toString());
    if (id != null) {
      for (Version v : versions.descendingMap().values()) {
        if (v.id == id && (includeDeleted || !v.deleted)) {
          return new SchemaVersion(subject, v.number, id, schemasById.get(id));
        }
      }
    }
    throw new SchemaRegistryException(
        404, SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'");
  }

  /**
   * Compatibility of {@code schema} with one version of the subject, or with the versions the
   * subject's level says ({@code version} = {@link #LATEST}), or as registration would judge it
   * ({@code version} = null: an unknown subject is then compatible).
   */
  CompatibilityResult testCompatibility(String subject, Integer version, Schema schema) {
    CompatibilityLevel level = effectiveLevel(subject);
    if (version == null) {
      return AvroCompatibility.check(level, schema, liveEarlier(subject));
    }
    if (version == LATEST) {
      List<Earlier> earlier = liveEarlier(subject);
      if (earlier.isEmpty()) {
        throw subjectNotFound(subject);
      }
      return AvroCompatibility.check(level, schema, earlier);
    }
    SchemaVersion target = version(subject, version, false);
    return AvroCompatibility.check(
        level, schema, List.of(new Earlier(target.version(), target.schema())));
  }

  CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  /** The subject's own level; with {@code defaultToGlobal} the global one when it has none. */
  CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
    CompatibilityLevel level = subjectLevels.get(subject);
    if (level != null) {
      return level;
    }
    if (defaultToGlobal) {
      return globalLevel;
    }
    throw noSubjectLevel(subject);
  }

  // --- helpers ------------------------------------------------------------------------------

  private CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private List<Earlier> liveEarlier(String subject) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    List<Earlier> earlier = new ArrayList<>();
    if (versions != null) {
      versions.values().stream()
          .filter(v -> !v.deleted)
          .forEach(v -> earlier.add(new Earlier(v.number, schemasById.get(v.id))));
    }
    return earlier;
  }

  private static int idForPosition(long at) {
    if (at < 0 || at >= Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "registry log position " + at + " cannot become a schema id (must be 0.." + "2^31-2)");
    }
    return (int) at + 1;
  }

  /** Parses a schema; the error is Confluent's 42201. */
  static Schema parse(String text) {
    try {
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      String reason = String.valueOf(e.getMessage());
      if (reason.contains("UnresolvedSchema")) {
        // Avro 1.12 reports an unknown type name as an unresolved reference with a generated name
        reason = "it uses a type that is neither an Avro type nor a named type defined before it";
      }
      String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      throw new SchemaRegistryException(
          422,
          INVALID_SCHEMA,
          "Invalid schema: not a valid Avro schema: " + reason + "; schema: " + shown);
    }
  }

  private static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  private static SchemaRegistryException versionNotFound(String version) {
    return new SchemaRegistryException(
        404, VERSION_NOT_FOUND, "Version " + version + " not found.");
  }

  private static SchemaRegistryException noSubjectLevel(String subject) {
    return new SchemaRegistryException(
        404,
        SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
        "Subject '"
            + subject
            + "' does not have subject-level compatibility configured; ask with"
            + " defaultToGlobal=true for the global level");
  }
}
