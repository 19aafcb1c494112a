package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlpipe.cli.stage.PipelineStages;
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

  private static final String DATA_VOLUME = "mlpipe-data";

  private static JsonNode compose;
  private static JsonNode services;

  @BeforeAll
  static void readComposeFile() throws IOException {
    compose =
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

  @Test
  void shouldRunEveryStageAsAServiceOfTheImageOnTheSharedDataVolume() {
    for (PipelineStages.Entry stage : PipelineStages.ALL) {
      JsonNode service = services.path(stage.name());
      assertThat(service.isMissingNode()).as("a service named %s", stage.name()).isFalse();
      assertThat(service.path("image").asText()).as("image of %s", stage.name()).isEqualTo(image());
      List<String> command = textsOf(service.path("command"));
      assertThat(command).as("command of %s", stage.name()).startsWith(stage.name());
      String dataDir = argument(command, "--data-dir");
      assertThat(textsOf(service.path("volumes")))
          .as("%s mounts the shared volume at its --data-dir", stage.name())
          .contains(DATA_VOLUME + ":" + dataDir);
      assertThat(command)
          .as(
              "%s keeps the default instance id (the container's host name): scaled replicas"
                  + " must not share one",
              stage.name())
          .doesNotContain("--instance-id");
      assertThat(service.path("depends_on").path("mlpipe-topics").path("condition").asText())
          .as("%s starts after the topics exist", stage.name())
          .isEqualTo("service_completed_successfully");
    }
    assertThat(names(compose.path("volumes"))).contains(DATA_VOLUME);
  }

  @Test
  void shouldBuildTheImageOnceAndRunTheStagesFromIt() {
    List<String> built = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : mlpipeServices().entrySet()) {
      if (service.getValue().has("build")) {
        built.add(service.getKey());
      }
      assertThat(service.getValue().path("image").asText()).isEqualTo(image());
    }
    assertThat(built).containsExactly("mlpipe-topics");
  }

  @Test
  void shouldForwardEachPublishedLoopbackPortThroughASidecarInTheStagesNetwork() {
    // Serving and the webhook bridge listen on 127.0.0.1 only: the published container port must
    // be a sidecar's listener that forwards to the stage's configured port.
    Map<String, String> portVariable =
        Map.of(
            "deployer", "MLPIPE_DEPLOYER_SERVING_PORT",
            "webhook-bridge", "MLPIPE_WEBHOOK_PORT");
    for (Map.Entry<String, String> loopback : portVariable.entrySet()) {
      String stage = loopback.getKey();
      String stagePort = env(services.path(stage), loopback.getValue());
      JsonNode proxy = services.path(stage + "-proxy");
      assertThat(proxy.path("network_mode").asText()).isEqualTo("service:" + stage);
      List<String> socat = textsOf(proxy.path("command"));
      Matcher listen = Pattern.compile("^TCP-LISTEN:(\\d+),").matcher(socat.get(0));
      assertThat(listen.find()).as("socat of %s listens: %s", stage, socat).isTrue();
      assertThat(socat.get(1)).isEqualTo("TCP:127.0.0.1:" + stagePort);
      List<String> ports = portMappings(services.path(stage));
      assertThat(ports).hasSize(1);
      assertThat(ports.get(0)).endsWith(":" + listen.group(1));
    }
    assertThat(env(services.path("console"), "MLPIPE_CONSOLE_BIND_ADDRESS")).isEqualTo("0.0.0.0");
    assertThat(portMappings(services.path("console")))
        .containsExactly(
            env(services.path("console"), "MLPIPE_CONSOLE_PORT")
                + ":"
                + env(services.path("console"), "MLPIPE_CONSOLE_PORT"));
  }

  @Test
  void shouldOfferThreeBrokersInAProfileJoiningTheControllerOfKafka() {
    for (String broker : List.of("kafka-2", "kafka-3")) {
      JsonNode service = services.path(broker);
      assertThat(textsOf(service.path("profiles"))).as(broker).containsExactly("three-brokers");
      assertThat(env(service, "CLUSTER_ID")).isEqualTo(kafkaEnv("CLUSTER_ID"));
      assertThat(env(service, "KAFKA_CONTROLLER_QUORUM_VOTERS"))
          .isEqualTo(kafkaEnv("KAFKA_CONTROLLER_QUORUM_VOTERS"));
      assertThat(env(service, "KAFKA_PROCESS_ROLES")).isEqualTo("broker");
      assertThat(listeners(env(service, "KAFKA_ADVERTISED_LISTENERS")).get("PLAINTEXT"))
          .isEqualTo(broker + ":9092");
      assertThat(services.path("mlpipe-topics").path("depends_on").path(broker).path("required"))
          .as("the topic job waits for %s only when its profile runs", broker)
          .hasToString("false");
    }
    assertThat(env(services.path("kafka-2"), "KAFKA_NODE_ID"))
        .isNotEqualTo(env(services.path("kafka-3"), "KAFKA_NODE_ID"))
        .isNotEqualTo(kafkaEnv("KAFKA_NODE_ID"));
    assertThat(textsOf(services.path("mlpipe-topics").path("command")))
        .containsSequence("--replication-factor", "${REPLICATION_FACTOR:-1}");
  }

  @Test
  void shouldScrapeServingAndEveryStageAndProvisionGrafanaWithPrometheusAndTheDashboardFile()
      throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode prometheus =
        yaml.readTree(mounted("prometheus", "/etc/prometheus/prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    prometheus
        .path("scrape_configs")
        .forEach(
            job ->
                job.path("static_configs")
                    .forEach(c -> targets.addAll(textsOf(c.path("targets")))));
    String deployerListen = portMappings(services.path("deployer")).get(0).split(":")[1];
    assertThat(targets).contains("deployer:" + deployerListen);
    List<String> stageProcesses = new ArrayList<>();
    PipelineStages.ALL.forEach(stage -> stageProcesses.add(stage.name()));
    stageProcesses.add("metrics-sink");
    for (String stage : stageProcesses) {
      JsonNode service = services.path(stage);
      assertThat(env(service, "MLPIPE_METRICS_BIND_ADDRESS")).as(stage).isEqualTo("0.0.0.0");
      assertThat(targets)
          .as("Prometheus scrapes %s's /metrics", stage)
          .contains(stage + ":" + env(service, "MLPIPE_METRICS_PORT"));
    }

    Path provisioning = mounted("grafana", "/etc/grafana/provisioning");
    JsonNode datasources =
        yaml.readTree(provisioning.resolve("datasources/prometheus.yml").toFile());
    JsonNode datasource = datasources.path("datasources").get(0);
    assertThat(datasource.path("url").asText())
        .isEqualTo(
            "http://prometheus:" + portMappings(services.path("prometheus")).get(0).split(":")[1]);
    JsonNode postgres =
        yaml.readTree(provisioning.resolve("datasources/postgres.yml").toFile())
            .path("datasources")
            .get(0);
    assertThat(postgres.path("url").asText()).isEqualTo("postgres:5432");
    assertThat(postgres.path("jsonData").path("database").asText())
        .isEqualTo(env(services.path("postgres"), "POSTGRES_DB"));
    assertThat(env(services.path("metrics-sink"), "MLPIPE_METRICS_DB"))
        .startsWith(
            "jdbc:postgresql://postgres:5432/" + env(services.path("postgres"), "POSTGRES_DB"));
    JsonNode providers = yaml.readTree(provisioning.resolve("dashboards/mlpipe.yml").toFile());
    String dashboardPath = providers.path("providers").get(0).path("options").path("path").asText();
    Path dashboards = mounted("grafana", dashboardPath);
    JsonNode dashboard = new ObjectMapper().readTree(dashboards.resolve("mlpipe.json").toFile());
    assertThat(dashboard.path("panels").size()).isPositive();
    List<String> expressions = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            panel -> {
              String uid = panel.path("datasource").path("uid").asText();
              assertThat(uid).isIn(datasource.path("uid").asText(), postgres.path("uid").asText());
              panel
                  .path("targets")
                  .forEach(
                      t -> {
                        if (uid.equals(postgres.path("uid").asText())) {
                          sql.add(t.path("rawSql").asText());
                        } else {
                          expressions.add(t.path("expr").asText());
                        }
                      });
            });
    assertThat(expressions).isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank());
    assertThat(sql).isNotEmpty().allSatisfy(q -> assertThat(q).contains("FROM ml_metrics"));
  }

  @Test
  void shouldKeepGrafanasStateInPostgres() {
    JsonNode grafana = services.path("grafana");
    assertThat(env(grafana, "GF_DATABASE_TYPE")).isEqualTo("postgres");
    assertThat(env(grafana, "GF_DATABASE_HOST")).isEqualTo("postgres:5432");
    assertThat(env(grafana, "GF_DATABASE_NAME"))
        .isEqualTo(env(services.path("postgres"), "POSTGRES_DB"));
    assertThat(env(grafana, "GF_DATABASE_USER"))
        .isEqualTo(env(services.path("postgres"), "POSTGRES_USER"));
    assertThat(grafana.path("depends_on").path("postgres").path("condition").asText())
        .isEqualTo("service_healthy");
    assertThat(services.path("postgres").has("healthcheck")).isTrue();
  }

  /** The repository file or directory that {@code service} mounts at {@code containerPath}. */
  private static Path mounted(String service, String containerPath) {
    for (String volume : textsOf(services.path(service).path("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith("./")) {
        Path path = REPO.resolve(parts[0]).normalize();
        assertThat(path).as("%s mounts %s", service, parts[0]).exists();
        return path;
      }
    }
    throw new AssertionError(service + " mounts nothing of the repository at " + containerPath);
  }

  private static String image() {
    return services.path("mlpipe-topics").path("image").asText();
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
