package dev.mlpipe.events.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.events.registry.CompatibilityLevel;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to the registry, as kept in the {@link SchemaStore} log. Commands are replayed by every
 * registry instance with the same rules, so they hold what was asked, not what it led to (no ids,
 * no resolved versions).
 */
public sealed interface RegistryCommand {

  /** Format version of the JSON encoding. */
  int FORMAT = 1;

  /**
   * Register a schema under a subject.
   *
   * @param subject the subject
   * @param schema the schema's canonical JSON text
   */
  record Register(String subject, String schema) implements RegistryCommand {
    public Register {
      requireSubject(subject);
      Objects.requireNonNull(schema, "schema");
    }
  }

  /** Delete a subject, softly or permanently. */
  record DeleteSubject(String subject, boolean permanent) implements RegistryCommand {
    public DeleteSubject {
      requireSubject(subject);
    }
  }

  /**
   * Delete one version of a subject, softly or permanently.
   *
   * @param version the version, or {@link #LATEST} for the newest
   */
  record DeleteVersion(String subject, int version, boolean permanent) implements RegistryCommand {
    /** The newest version. */
    public static final int LATEST = -1;

    public DeleteVersion {
      requireSubject(subject);
      if (version < 1 && version != LATEST) {
        throw new IllegalArgumentException("version must be at least 1 or LATEST, was " + version);
      }
    }
  }

  /**
   * Set the global compatibility level (no subject), a subject's level, or remove a subject's level
   * (subject and no level).
   */
  record SetCompatibility(Optional<String> subject, Optional<CompatibilityLevel> level)
      implements RegistryCommand {
    public SetCompatibility {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(level, "level");
      subject.ifPresent(RegistryCommand::requireSubject);
      if (subject.isEmpty() && level.isEmpty()) {
        throw new IllegalArgumentException("the global compatibility level cannot be removed");
      }
    }
  }

  /** The command as JSON text, as kept in the Kafka topic. */
  static String toJson(RegistryCommand command) {
    ObjectNode node = Codec.JSON.createObjectNode();
    node.put("format", FORMAT);
    if (command instanceof Register r) {
      node.put("type", "REGISTER").put("subject", r.subject()).put("schema", r.schema());
    } else if (command instanceof DeleteSubject d) {
      node.put("type", "DELETE_SUBJECT")
          .put("subject", d.subject())
          .put("permanent", d.permanent());
    } else if (command instanceof DeleteVersion d) {
      node.put("type", "DELETE_VERSION")
          .put("subject", d.subject())
          .put("version", d.version())
          .put("permanent", d.permanent());
    } else if (command instanceof SetCompatibility c) {
      node.put("type", "SET_COMPATIBILITY");
      c.subject().ifPresent(s -> node.put("subject", s));
      c.level().ifPresent(l -> node.put("level", l.name()));
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    return node.toString();
  }

  /**
   * Reads a command written by {@link #toJson}.
   *
   * @throws IllegalArgumentException when the text is not such a command
   */
  static RegistryCommand fromJson(String json) {
    final JsonNode node;
    try {
      node = Codec.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a registry command: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject() || node.path("format").asInt(-1) != FORMAT) {
      throw new IllegalArgumentException("not a registry command of format " + FORMAT);
    }
    String type = node.path("type").asText("");
    switch (type) {
      case "REGISTER":
        return new Register(text(node, "subject"), text(node, "schema"));
      case "DELETE_SUBJECT":
        return new DeleteSubject(text(node, "subject"), node.path("permanent").asBoolean());
      case "DELETE_VERSION":
        return new DeleteVersion(
            text(node, "subject"),
            node.path("version").asInt(0),
            node.path("permanent").asBoolean());
      case "SET_COMPATIBILITY":
        return new SetCompatibility(
            Optional.ofNullable(node.get("subject")).map(JsonNode::asText),
            Optional.ofNullable(node.get("level"))
                .map(JsonNode::asText)
                .map(CompatibilityLevel::parse));
      default:
        throw new IllegalArgumentException("unknown registry command type '" + type + "'");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("registry command has no text field '" + field + "'");
    }
    return value.asText();
  }

  private static void requireSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
  }

  /** Holder of the shared mapper (interfaces cannot have private static fields). */
  final class Codec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {}
  }
}
