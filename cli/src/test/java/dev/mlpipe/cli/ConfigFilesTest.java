package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped configuration files: every environment file only sets keys base.yaml declares, keys
 * follow one naming rule, and the values the design fixes hold (dead-letter by default, automatic
 * approval on one machine, manual approval in production).
 */
class ConfigFilesTest {

  private static final Path CONFIG = SourceRulesTest.REPO.resolve("config");
  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Subtrees whose keys are open: Kafka's property names and per-stage overrides. */
  private static final Set<String> OPEN = Set.of("kafka", "failure-policy");

  private static final Set<String> FAILURE_POLICIES = Set.of("DEAD_LETTER", "LOG_AND_SKIP", "FAIL");

  @Test
  void shouldDeclareEveryKeyInLowerKebabCase() throws IOException {
    for (String key : flatten(read("base")).keySet()) {
      for (String part : key.split("\\.")) {
        assertThat(part).as("part of key %s in base.yaml", key).matches(KEBAB);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void shouldOnlySetKeysThatBaseDeclares(String env) throws IOException {
    Set<String> declared = flatten(read("base")).keySet();

    for (String key : flatten(read(env)).keySet()) {
      if (!OPEN.contains(key.split("\\.")[0])) {
        assertThat(declared)
            .as("key %s of %s.yaml (typo, or declare it in base.yaml)", key, env)
            .contains(key);
      }
    }
  }

  @Test
  void shouldGiveEveryKeyItsOwnEnvironmentVariable() throws IOException {
    Map<String, List<String>> byVariable =
        flatten(read("base")).keySet().stream()
            .filter(key -> !key.startsWith("kafka."))
            .collect(Collectors.groupingBy(ConfigFilesTest::environmentVariable));

    assertThat(byVariable.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    assertThat(byVariable)
        .containsKeys("MLPIPE_BOOTSTRAP", "MLPIPE_REGISTRY_URL", "MLPIPE_DATA_DIR");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "production"})
  void shouldHoldValidValuesInEveryEnvironment(String env) throws IOException {
    Map<String, String> merged = merged(env);

    assertThat(merged.get("failure-policy.default")).isEqualTo("DEAD_LETTER");
    merged.forEach(
        (key, value) -> {
          if (key.startsWith("failure-policy.")) {
            assertThat(value).as("%s in %s", key, env).isIn(FAILURE_POLICIES);
          }
          if (key.startsWith("approval.")) {
            assertThat(value).as("%s in %s", key, env).isIn("auto", "manual");
          }
        });
    assertThat(Integer.parseInt(merged.get("topics.replication-factor"))).isPositive();
    assertThat(merged.get("bootstrap")).matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*");
    assertThat(merged.get("registry-url")).matches("https?://.+");
    assertThat(merged.get("data-dir")).isNotBlank();
  }

  @Test
  void shouldRunUnattendedOnOneMachineAndAskForApprovalInProduction() throws IOException {
    Map<String, String> dev = merged("dev");
    Map<String, String> production = merged("production");

    assertThat(dev).containsEntry("embedded", "true").containsEntry("approval.production", "auto");
    assertThat(dev).containsEntry("topics.replication-factor", "1");
    assertThat(production)
        .containsEntry("embedded", "false")
        .containsEntry("approval.production", "manual");
  }

  /** base.yaml with the environment's file laid over it, key by key. */
  private static Map<String, String> merged(String env) throws IOException {
    Map<String, String> merged = flatten(read("base"));
    merged.putAll(flatten(read(env)));
    return merged;
  }

  private static JsonNode read(String name) throws IOException {
    JsonNode tree =
        new ObjectMapper(new YAMLFactory()).readTree(CONFIG.resolve(name + ".yaml").toFile());
    assertThat(tree).as("config/%s.yaml", name).isNotNull();
    assertThat(tree.isObject()).as("config/%s.yaml is a mapping", name).isTrue();
    return tree;
  }

  /** Leaf values by dotted key path; an empty mapping counts as a key so it can be declared. */
  private static Map<String, String> flatten(JsonNode tree) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", tree, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject() && !node.isEmpty()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        flatten(prefix.isEmpty() ? name : prefix + "." + name, node.get(name), flat);
      }
    } else {
      flat.put(prefix, node.isObject() ? "" : node.asText());
    }
  }

  private static String environmentVariable(String key) {
    return "MLPIPE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
