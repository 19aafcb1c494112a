package dev.mlpipe.events.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The merged configuration of one environment: {@code base.yaml}, {@code <environment>.yaml} laid
 * over it key by key, then environment variables. Every key has one variable, {@code MLPIPE_} and
 * the key path in upper case with dots and dashes as underscores ({@code approval.production} ->
 * {@code MLPIPE_APPROVAL_PRODUCTION}); a variable's text is read as the type base.yaml gives the
 * key. An environment file may only set keys base.yaml declares (open sections excepted), so a typo
 * fails at start instead of being ignored.
 *
 * <p>The files come from a directory ({@code MLPIPE_CONFIG_DIR}, or {@code ./config} when it holds
 * a {@code base.yaml}) or else from the copies bundled in the jar.
 */
public final class PipelineConfig {

  /** Sections whose keys are free: Kafka's own property names, per-stage overrides. */
  public static final Set<String> OPEN_SECTIONS = Set.of("kafka", "failure-policy");

  static final String BUNDLED = "/mlpipe-config/";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String environment;
  private final ObjectNode tree;
  private final Map<String, String> sources;

  private PipelineConfig(String environment, ObjectNode tree, Map<String, String> sources) {
    this.environment = environment;
    this.tree = tree;
    this.sources = sources;
  }

  /** The environment's configuration from the default location and the process's variables. */
  public static PipelineConfig load(String environment) {
    return load(environment, defaultDirectory(System.getenv()), System.getenv());
  }

  /**
   * The environment's configuration.
   *
   * @param directory where {@code base.yaml} and {@code <environment>.yaml} are; empty for the
   *     copies bundled in the jar
   * @param variables the environment variables to apply
   */
  public static PipelineConfig load(
      String environment, Optional<Path> directory, Map<String, String> variables) {
    Objects.requireNonNull(environment, "environment");
    Map<String, String> sources = new HashMap<>();
    ObjectNode base = read(directory, "base.yaml", true);
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    String baseName = describe(directory, "base.yaml");
    overlay(merged, base, "", baseName, sources, null);
    ObjectNode env = read(directory, environment + ".yaml", false);
    if (env == null) {
      throw new ConfigException(
          "environment '"
              + environment
              + "': there is no "
              + describe(directory, environment + ".yaml")
              + "; use one of dev, staging, production or add the file");
    }
    overlay(merged, env, "", describe(directory, environment + ".yaml"), sources, base);
    applyVariables(merged, "", variables, sources);
    return new PipelineConfig(environment, merged, sources);
  }

  static Optional<Path> defaultDirectory(Map<String, String> variables) {
    String dir = variables.get("MLPIPE_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) {
      Path path = Path.of(dir);
      if (!Files.isRegularFile(path.resolve("base.yaml"))) {
        throw new ConfigException(
            "MLPIPE_CONFIG_DIR="
                + dir
                + ": there is no base.yaml in it; point it at mlpipe's config directory");
      }
      return Optional.of(path);
    }
    Path local = Path.of("config");
    return Files.isRegularFile(local.resolve("base.yaml")) ? Optional.of(local) : Optional.empty();
  }

  public String environment() {
    return environment;
  }

  /** The whole merged tree (read-only by convention). */
  public JsonNode tree() {
    return tree.deepCopy();
  }

  /** The subtree at a dotted path, or an empty object when absent. */
  public JsonNode section(String path) {
    JsonNode node = node(path);
    return node == null ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
  }

  /** The subtree at a dotted path bound to a record or class; unknown keys are refused. */
  public <T> T section(String path, Class<T> type) {
    JsonNode node = section(path);
    try {
      return YAML.treeToValue(node, type);
    } catch (JacksonException e) {
      throw new ConfigException(
          "config section '" + path + "' (" + sourceOf(path) + "): " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "config section '" + path + "' (" + sourceOf(path) + "): " + e.getMessage(), e);
    }
  }

  /** A text value; fails naming the key when it is absent. */
  public String string(String path) {
    JsonNode node = require(path);
    if (!node.isValueNode()) {
      throw invalid(path, node.toString(), "must be a single value, not a section");
    }
    return node.asText();
  }

  /** An integer value within the given bounds. */
  public int integer(String path, int min, int max) {
    JsonNode node = require(path);
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw invalid(path, node.asText(), "must be a whole number");
    }
    int value = node.intValue();
    if (value < min || value > max) {
      throw invalid(path, node.asText(), "must be between " + min + " and " + max);
    }
    return value;
  }

  /** A true/false value. */
  public boolean bool(String path) {
    JsonNode node = require(path);
    if (!node.isBoolean()) {
      throw invalid(path, node.asText(), "must be true or false");
    }
    return node.booleanValue();
  }

  /** One of the given lower-case or upper-case words, as written in the allowed list. */
  public String oneOf(String path, List<String> allowed) {
    String value = string(path);
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw invalid(path, value, "must be one of " + String.join(", ", allowed));
  }

  /** Where a key's value came from: a file or an environment variable. */
  public String sourceOf(String path) {
    String source = sources.get(path);
    if (source != null) {
      return source;
    }
    for (Map.Entry<String, String> entry : sources.entrySet()) {
      if (entry.getKey().startsWith(path + ".")) {
        return entry.getValue();
      }
    }
    return "default";
  }

  /** A ConfigException for a value, naming the key, the value, its source and the rule. */
  public ConfigException invalid(String path, String value, String rule) {
    return new ConfigException(
        "config key " + path + " = '" + value + "' (" + sourceOf(path) + ") " + rule);
  }

  /** The environment variable that overrides a key. */
  public static String variableFor(String path) {
    return "MLPIPE_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private JsonNode node(String path) {
    JsonNode node = tree;
    for (String part : path.split("\\.")) {
      node = node.get(part);
      if (node == null || node.isNull()) {
        return null;
      }
    }
    return node;
  }

  private JsonNode require(String path) {
    JsonNode node = node(path);
    if (node == null) {
      throw new ConfigException(
          "config key "
              + path
              + " is not set; add it to config/base.yaml or set "
              + variableFor(path));
    }
    return node;
  }

  private static ObjectNode read(Optional<Path> directory, String file, boolean required) {
    String name = describe(directory, file);
    try (InputStream in = open(directory, file)) {
      if (in == null) {
        if (required) {
          throw new ConfigException(name + " is missing");
        }
        return null;
      }
      JsonNode node = YAML.readTree(in);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(name + ": the top level must be a mapping of keys");
      }
      return (ObjectNode) node;
    } catch (JacksonException e) {
      throw new ConfigException(name + " is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(Optional<Path> directory, String file) throws IOException {
    if (directory.isPresent()) {
      Path path = directory.get().resolve(file);
      return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
    }
    return PipelineConfig.class.getResourceAsStream(BUNDLED + file);
  }

  private static String describe(Optional<Path> directory, String file) {
    return directory.map(d -> d.resolve(file).toString()).orElse("bundled config/" + file);
  }

  /**
   * Lays {@code layer} over {@code target}; with a {@code declared} tree, refuses keys it lacks.
   */
  private static void overlay(
      ObjectNode target,
      JsonNode layer,
      String prefix,
      String source,
      Map<String, String> sources,
      JsonNode declared) {
    for (Map.Entry<String, JsonNode> field : layer.properties()) {
      String key = field.getKey();
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      JsonNode declaredChild = declared == null ? null : declared.get(key);
      boolean open = isOpen(path);
      if (declared != null && declaredChild == null && !open) {
        throw new ConfigException(
            source
                + ": unknown key "
                + path
                + "; every key must be declared in config/base.yaml (check the spelling)");
      }
      JsonNode value = field.getValue();
      JsonNode existing = target.get(key);
      if (value.isObject() && (existing == null || existing.isObject())) {
        ObjectNode child = existing == null ? target.putObject(key) : (ObjectNode) existing;
        overlay(child, value, path, source, sources, open ? null : declaredChild);
      } else {
        target.set(key, value.deepCopy());
        sources.put(path, source);
      }
    }
  }

  private static boolean isOpen(String path) {
    for (String open : OPEN_SECTIONS) {
      if (path.equals(open) || path.startsWith(open + ".")) {
        return true;
      }
    }
    return false;
  }

  private static void applyVariables(
      ObjectNode node, String prefix, Map<String, String> variables, Map<String, String> sources) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      JsonNode value = node.get(key);
      if (value.isObject()) {
        applyVariables((ObjectNode) value, path, variables, sources);
        continue;
      }
      String variable = variableFor(path);
      String text = variables.get(variable);
      if (text == null) {
        continue;
      }
      node.set(key, typed(path, variable, text, value));
      sources.put(path, "environment variable " + variable);
    }
  }

  private static JsonNode typed(String path, String variable, String text, JsonNode declared) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String trimmed = text.trim();
    if (declared.isBoolean()) {
      if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
        throw new ConfigException(
            variable + "='" + text + "' for config key " + path + " must be true or false");
      }
      return f.booleanNode(Boolean.parseBoolean(trimmed));
    }
    if (declared.isIntegralNumber()) {
      try {
        return f.numberNode(Long.parseLong(trimmed));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            variable + "='" + text + "' for config key " + path + " must be a whole number", e);
      }
    }
    if (declared.isNumber()) {
      try {
        return f.numberNode(Double.parseDouble(trimmed));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            variable + "='" + text + "' for config key " + path + " must be a number", e);
      }
    }
    if (declared.isArray()) {
      var array = f.arrayNode();
      for (String item : trimmed.split(",")) {
        if (!item.isBlank()) {
          array.add(item.trim());
        }
      }
      return array;
    }
    return f.textNode(text);
  }
}
