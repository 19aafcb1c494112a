package dev.mlpipe.events.compat;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The compatibility scenario against the real thing: Apache Kafka's image and Confluent's Schema
 * Registry on one Docker network, so that the HTTP client, the wire-format serdes and the catalogue
 * setup are shown to work with Confluent's registry and not only with mlpipe's embedded one.
 *
 * <p>Skipped, with the reason in the report, where no Docker engine is reachable; the CI workflow's
 * {@code docker-it} job runs it ({@code -Dit.test='*ContainersIT'}).
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentContainersIT extends RegistryAndSerdeScenario {

  static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.0");
  static final DockerImageName REGISTRY_IMAGE =
      DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0");

  /** The broker as the registry container sees it: a listener on the network alias. */
  private static final String KAFKA_IN_NETWORK = "kafka:19092";

  private static final int REGISTRY_PORT = 8081;

  private static final Network NETWORK = Network.newNetwork();

  // withListener adds a listener advertised as kafka:19092 and "kafka" as the network alias.
  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(KAFKA_IMAGE).withNetwork(NETWORK).withListener(KAFKA_IN_NETWORK);

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(REGISTRY_IMAGE)
          .withNetwork(NETWORK)
          .withNetworkAliases("schema-registry")
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
          .withEnv(
              "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_IN_NETWORK)
          // The default of 3 replicas for _schemas cannot be met by one broker.
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1")
          .withExposedPorts(REGISTRY_PORT)
          .dependsOn(KAFKA)
          .waitingFor(
              Wait.forHttp("/subjects")
                  .forPort(REGISTRY_PORT)
                  .forStatusCode(200)
                  .withStartupTimeout(Duration.ofMinutes(3)));

  @Override
  protected String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }

  @Override
  protected String registryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(REGISTRY_PORT);
  }
}
