package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * docker-compose.yml and the Dockerfile cannot be started here (no Docker engine); this keeps their
 * wiring right by reading them: who points at whom, on which port, with which jar.
 */
class ComposeFileTest {

  private static final Path REPO = SourceRulesTest.REPO;
  private static final Pattern LISTENER = Pattern.compile("([A-Za-z_]+)://([^:,]*):(\\d+)");

  private static JsonNode services;

  @BeforeAll
  static void readComposeFile() throws IOException {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void shouldDefineTheBrokerTheRegistryAndTheTopicJob() {
    assertThat(names(services)).contains("kafka", "schema-registry", "mlpipe-topics");
    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("schema-registry").path("image").asText())
        .startsWith("confluentinc/cp-schema-registry:");
  }

  @Test
  void shouldAdvertiseTheInterBrokerListenerUnderTheKafkaServiceName() {
    Map<String, String> advertised = advertisedListeners();
    String internal = kafkaEnv("KAFKA_INTER_BROKER_LISTENER_NAME");

    assertThat(advertised).containsKey(internal);
    assertThat(advertised.get(internal)).startsWith("kafka:");
    assertThat(listeners(kafkaEnv("KAFKA_LISTENERS")))
        .containsKeys(advertised.keySet().toArray(String[]::new));
  }

  @Test
  void shouldPublishTheHostListenerOnTheSamePort() {
    Map<String, String> advertised = advertisedListeners();
    List<String> hostListeners =
        advertised.values().stream().filter(a -> a.startsWith("localhost:")).toList();

    assertThat(hostListeners).as("a listener advertised to clients on the host").hasSize(1);
    String port = hostListeners.get(0).substring("localhost:".length());
    assertThat(portMappings(services.path("kafka"))).contains(port + ":" + port);
  }

  @Test
  void shouldPointTheRegistryAtTheInternalKafkaListener() {
    String bootstrap =
        env(services.path("schema-registry"), "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS");

    assertThat(bootstrap.replaceFirst("^[A-Za-z_]+://", "")).isEqualTo(internalKafka());
  }

  @Test
  void shouldPointEveryMlpipeServiceAtTheInternalKafkaListenerAndTheRegistry() {
    Map<String, JsonNode> mlpipe = mlpipeServices();
    assertThat(mlpipe).isNotEmpty();

    for (Map.Entry<String, JsonNode> service : mlpipe.entrySet()) {
      List<String> command = new ArrayList<>();
      service.getValue().path("command").forEach(arg -> command.add(arg.asText()));

      assertThat(argument(command, "--bootstrap"))
          .as("--bootstrap of %s", service.getKey())
          .isEqualTo(internalKafka());
      assertThat(argument(command, "--registry"))
          .as("--registry of %s", service.getKey())
          .isEqualTo("http://schema-registry:" + registryPort());
    }
  }

  @Test
  void shouldStartMlpipeServicesOnlyOnceBrokerAndRegistryAreHealthy() {
    for (Map.Entry<String, JsonNode> service : mlpipeServices().entrySet()) {
      JsonNode dependsOn = service.getValue().path("depends_on");
      for (String needed : List.of("kafka", "schema-registry")) {
        assertThat(dependsOn.path(needed).path("condition").asText())
            .as("%s waits for %s", service.getKey(), needed)
            .isEqualTo("service_healthy");
        assertThat(services.path(needed).has("healthcheck"))
            .as("%s has a healthcheck to wait for", needed)
            .isTrue();
      }
    }
  }

  @Test
  void shouldDependOnlyOnDefinedServices() {
    for (String name : names(services)) {
      JsonNode dependsOn = services.path(name).path("depends_on");
      List<String> targets = dependsOn.isArray() ? textsOf(dependsOn) : names(dependsOn);
      assertThat(names(services)).as("depends_on of %s", name).containsAll(targets);
    }
  }

  @Test
  void shouldMapEveryHostPortOnce() {
    List<String> hostPorts = new ArrayList<>();
    for (String name : names(services)) {
      for (String mapping : portMappings(services.path(name))) {
        String[] parts = mapping.split(":");
        assertThat(parts)
            .as("port mapping %s of %s is host:container", mapping, name)
            .hasSizeGreaterThanOrEqualTo(2);
        hostPorts.add(parts[parts.length - 2]);
      }
    }

    assertThat(hostPorts).isNotEmpty().doesNotHaveDuplicates();
  }

  @Test
  void shouldBuildTheImageFromTheDockerfileAndRunTheShadedJar() throws Exception {
    for (JsonNode service : mlpipeServices().values()) {
      JsonNode build = service.path("build");
      String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
      String dockerfile = build.path("dockerfile").asText("Dockerfile");
      assertThat(REPO.resolve(context).resolve(dockerfile).normalize()).exists();
    }

    String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
    String jar = shadedJarName() + ".jar";
    Matcher copy =
        Pattern.compile("(?m)^COPY --from=\\S+ \\S*/cli/target/(\\S+) (\\S+)$").matcher(dockerfile);

    assertThat(copy.find()).as("a COPY of the cli's shaded jar out of the build stage").isTrue();
    assertThat(copy.group(1)).as("jar the build stage produces (shade finalName)").isEqualTo(jar);
    assertThat(dockerfile)
        .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("ENTRYPOINT [\"java\",\"-jar\",\"" + copy.group(2) + "\"]");
  }

  /** finalName of the maven-shade-plugin in cli/pom.xml. */
  private static String shadedJarName()
      throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document pom = factory.newDocumentBuilder().parse(REPO.resolve("cli/pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (text(plugin, "artifactId").equals("maven-shade-plugin")) {
        String finalName = text(plugin, "finalName");
        assertThat(finalName).as("finalName of the shade plugin in cli/pom.xml").isNotBlank();
        return finalName;
      }
    }
    throw new AssertionError("no maven-shade-plugin in cli/pom.xml: the image needs a shaded jar");
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  /** Services run from the mlpipe image: built from the Dockerfile here. */
  private static Map<String, JsonNode> mlpipeServices() {
    Map<String, JsonNode> mlpipe = new LinkedHashMap<>();
    for (String name : names(services)) {
      JsonNode service = services.path(name);
      if (service.has("build") || service.path("image").asText().startsWith("mlpipe")) {
        mlpipe.put(name, service);
      }
    }
    return mlpipe;
  }

  private static String internalKafka() {
    return advertisedListeners().get(kafkaEnv("KAFKA_INTER_BROKER_LISTENER_NAME"));
  }

  private static String registryPort() {
    Matcher m =
        Pattern.compile("^https?://[^:]+:(\\d+)$")
            .matcher(env(services.path("schema-registry"), "SCHEMA_REGISTRY_LISTENERS"));
    assertThat(m.find()).as("SCHEMA_REGISTRY_LISTENERS is http://host:port").isTrue();
    return m.group(1);
  }

  private static Map<String, String> advertisedListeners() {
    return listeners(kafkaEnv("KAFKA_ADVERTISED_LISTENERS"));
  }

  /** Listener name to host:port, from a Kafka listeners value. */
  private static Map<String, String> listeners(String value) {
    Map<String, String> byName = new LinkedHashMap<>();
    Matcher m = LISTENER.matcher(value);
    while (m.find()) {
      byName.put(m.group(1), m.group(2) + ":" + m.group(3));
    }
    return byName;
  }

  private static String kafkaEnv(String key) {
    return env(services.path("kafka"), key);
  }

  private static String env(JsonNode service, String key) {
    JsonNode value = service.path("environment").path(key);
    assertThat(value.isMissingNode()).as("environment %s is set", key).isFalse();
    return value.asText();
  }

  private static String argument(List<String> command, String option) {
    int at = command.indexOf(option);
    assertThat(at).as("%s in %s", option, command).isNotNegative().isLessThan(command.size() - 1);
    return command.get(at + 1);
  }

  private static List<String> portMappings(JsonNode service) {
    return textsOf(service.path("ports"));
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
