package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link MultiProcessIT}'s scenario against the real infrastructure: Apache Kafka's image and
 * Confluent's Schema Registry on one Docker network, the topics created by {@code mlpipe topics
 * create} as docker-compose.yml does, and every stage a JVM of its own from the shaded jar pointed
 * at the containers' mapped ports.
 *
 * <p>Skipped, with the reason in the report, where no Docker engine is reachable; the CI workflow's
 * {@code docker-it} job runs it ({@code -Dit.test='*ContainersIT'}).
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(600)
class MultiProcessContainersIT {

  private static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.0");
  private static final DockerImageName REGISTRY_IMAGE =
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

  @TempDir Path dataDir;
  @TempDir Path repo;

  private MultiProcessScenario scenario;

  @AfterEach
  void stopEverything() {
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void shouldRunCommitsToProductionWithEveryStageAProcessAgainstKafkaAndConfluentContainers()
      throws Exception {
    String bootstrap = KAFKA.getBootstrapServers();
    String registry = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(REGISTRY_PORT);
    CommandLineRun topics =
        CommandLineRun.of(
            "topics",
            "create",
            "--bootstrap",
            bootstrap,
            "--registry",
            registry,
            "--replication-factor",
            "1");
    assertThat(topics.exitCode()).as(topics.out() + topics.err()).isZero();

    scenario =
        new MultiProcessScenario(dataDir, repo, Path.of("target", "multiproc-containers-it"));
    scenario.run(bootstrap, registry);
  }
}
