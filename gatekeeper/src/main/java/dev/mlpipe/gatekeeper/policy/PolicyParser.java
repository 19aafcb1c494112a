package dev.mlpipe.gatekeeper.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code gates:} section (see gatekeeper/POLICY.md) into a {@link PolicyOverlay}, refusing
 * it with every problem found, each naming its key path. Unknown keys, metrics and comparators are
 * errors: a typo must not silently weaken the gate.
 */
public final class PolicyParser {

  static final String ROOT = "gates";
  private static final Set<String> TOP_KEYS =
      Set.of("verify", "tolerance", "compareToChampion", "critical", "warning");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private PolicyParser() {}

  /**
   * Parses the section's YAML; the text may be the section's content or a document with one {@code
   * gates:} key. Blank text is a policy that changes nothing.
   *
   * @param origin where the text came from, for the error message (e.g. {@code repo@sha})
   * @throws InvalidPolicyException with every problem, each starting with its key path
   */
  public static PolicyOverlay parse(String yaml, String origin) {
    if (yaml == null || yaml.isBlank()) {
      return PolicyOverlay.empty();
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidPolicyException(
          origin, List.of(ROOT + ": not valid YAML" + where + ": " + e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return PolicyOverlay.empty();
    }
    if (root.isObject() && root.size() == 1 && root.has(ROOT)) {
      root = root.get(ROOT);
      if (root.isNull()) {
        return PolicyOverlay.empty();
      }
    }
    return new Reader(origin).read(root);
  }

  private static final class Reader {
    private final String origin;
    private final List<String> problems = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Set<Rule.RuleKey> removed = new HashSet<>();
    private final Map<Rule.RuleKey, String> seenAt = new HashMap<>();

    Reader(String origin) {
      this.origin = origin;
    }

    PolicyOverlay read(JsonNode root) {
      if (!root.isObject()) {
        throw new InvalidPolicyException(
            origin,
            List.of(ROOT + ": must be a mapping of " + String.join(", ", sorted(TOP_KEYS))));
      }
      Optional<VerifyMode> verify = Optional.empty();
      Optional<Double> tolerance = Optional.empty();
      Optional<Boolean> compare = Optional.empty();
      for (Map.Entry<String, JsonNode> field : root.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String path = ROOT + "." + key;
        switch (key) {
          case "verify" -> {
            Optional<VerifyMode> mode =
                value.isTextual() ? VerifyMode.byKey(value.asText()) : Optional.empty();
            if (mode.isEmpty()) {
              problems.add(path + ": must be recompute or trust, was " + shown(value));
            }
            verify = mode;
          }
          case "tolerance" -> {
            if (!value.isNumber() || !(value.asDouble() >= 0)) {
              problems.add(path + ": must be a number >= 0, was " + shown(value));
            } else {
              tolerance = Optional.of(value.asDouble());
            }
          }
          case "compareToChampion" -> {
            if (!value.isBoolean()) {
              problems.add(path + ": must be true or false, was " + shown(value));
            } else {
              compare = Optional.of(value.asBoolean());
            }
          }
          case "critical" -> readSection(value, path, Severity.CRITICAL);
          case "warning" -> readSection(value, path, Severity.WARNING);
          default ->
              problems.add(path + ": unknown key; known: " + String.join(", ", sorted(TOP_KEYS)));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidPolicyException(origin, problems);
      }
      return new PolicyOverlay(rules, removed, verify, tolerance, compare);
    }

    private void readSection(JsonNode section, String path, Severity severity) {
      if (section.isNull()) {
        return;
      }
      if (!section.isObject()) {
        problems.add(path + ": must be a mapping of metric to comparators, e.g. rmse: {max: 0.9}");
        return;
      }
      for (Map.Entry<String, JsonNode> entry : section.properties()) {
        String metric = entry.getKey();
        String metricPath = path + "." + metric;
        if (GateMetrics.direction(metric).isEmpty()) {
          problems.add(metricPath + ": unknown metric; known: " + GateMetrics.knownKeys());
          continue;
        }
        JsonNode comparators = entry.getValue();
        if (!comparators.isObject() || comparators.isEmpty()) {
          problems.add(
              metricPath
                  + ": must be a mapping of comparator to threshold, e.g. {max: 0.9}; comparators: "
                  + Comparator.knownKeys());
          continue;
        }
        int relatives = 0;
        for (Map.Entry<String, JsonNode> bound : comparators.properties()) {
          String comparatorPath = metricPath + "." + bound.getKey();
          Optional<Comparator> comparator = Comparator.byKey(bound.getKey());
          if (comparator.isEmpty()) {
            problems.add(comparatorPath + ": unknown comparator; known: " + Comparator.knownKeys());
            continue;
          }
          if (comparator.get().relative() && ++relatives > 1) {
            problems.add(
                comparatorPath
                    + ": one comparison with the champion per metric; keep maxRegression or"
                    + " minDelta");
            continue;
          }
          Rule.RuleKey key = new Rule.RuleKey(metric, comparator.get());
          String earlier = seenAt.putIfAbsent(key, comparatorPath);
          if (earlier != null) {
            problems.add(comparatorPath + ": already set at " + earlier + "; keep one");
            continue;
          }
          readRule(metric, severity, comparator.get(), bound.getValue(), comparatorPath);
        }
      }
    }

    private void readRule(
        String metric, Severity severity, Comparator comparator, JsonNode value, String path) {
      if (value.isNull()) {
        removed.add(new Rule.RuleKey(metric, comparator));
        return;
      }
      double threshold;
      if (value.isBoolean() && comparator == Comparator.EQUALS) {
        threshold = value.asBoolean() ? 1 : 0;
      } else if (value.isNumber()) {
        threshold = value.asDouble();
      } else {
        problems.add(
            path
                + ": must be a number"
                + (comparator == Comparator.EQUALS ? " or true/false" : "")
                + " (or null to drop the default), was "
                + shown(value));
        return;
      }
      try {
        rules.add(new Rule(metric, severity, comparator, threshold));
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        String own = metric + "." + comparator.key() + ": ";
        problems.add(
            path + ": " + (message.startsWith(own) ? message.substring(own.length()) : message));
      }
    }
  }

  private static String shown(JsonNode value) {
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }

  private static List<String> sorted(Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    list.sort(String::compareTo);
    return list;
  }
}
