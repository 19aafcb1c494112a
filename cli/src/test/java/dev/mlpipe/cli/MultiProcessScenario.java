package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The distributed scenario of {@link MultiProcessIT} and {@link MultiProcessContainersIT}, given a
 * running broker and registry (embedded in an {@code mlpipe up --infra-only} JVM, or containers):
 * every stage as a JVM of its own from the shaded jar, all sharing one data dir (the artifact
 * store) with an instance id each. A commit reaches production; a second trainer and a second
 * deployer join their stages' consumer groups, a second commit reaches production, and both serving
 * instances answer with its version. {@link #close()} stops every process and client.
 */
final class MultiProcessScenario implements AutoCloseable {

  static final Path JAR = Path.of("target", "mlpipe.jar");
  private static final Path EXAMPLE =
      Path.of("..", "examples", "movielens-recsys").toAbsolutePath().normalize();
  private static final String MODEL = "movielens-recsys";
  private static final Pattern SERVING = Pattern.compile("^deployer ready: .* serving=(\\S+)");
  static final Duration START = Duration.ofSeconds(120);
  private static final List<String> STAGES =
      List.of("trainer", "gatekeeper", "deployer", "drift-monitor", "webhook-bridge", "console");

  private final Path dataDir;
  private final ModelRepository repository;
  private final JvmProcesses processes;
  private KafkaConsumer<String, ModelDeployed> deployments;
  private HttpSchemaRegistryClient registryClient;
  private final List<ModelDeployed> deployed = new CopyOnWriteArrayList<>();
  private boolean passed;

  /**
   * @param dataDir the stages' shared data dir (artifact store)
   * @param repo an empty directory for the model's git repository
   * @param logDir where each process's output and log go
   */
  MultiProcessScenario(Path dataDir, Path repo, Path logDir) {
    this.dataDir = dataDir;
    this.repository = ModelRepository.of(repo, EXAMPLE);
    this.processes =
        new JvmProcesses(
            JAR,
            logDir,
            Map.of(
                "MLPIPE_DEPLOYER_SERVING_PORT", "0",
                "MLPIPE_WEBHOOK_PORT", "0",
                "MLPIPE_CONSOLE_PORT", "0",
                "MLPIPE_WEBHOOK_SECRET", "multiproc-it-webhook-secret-0123456789",
                "OMP_NUM_THREADS", "1"));
  }

  /** The processes, to start the infrastructure's own JVM before {@link #run}. */
  JvmProcesses processes() {
    return processes;
  }

  /** Runs the scenario against a broker and registry that are up, with the topics created. */
  void run(String bootstrap, String registry) throws Exception {
    String first = repository.commit("the lead example");
    // Two waves: six JVMs starting at once on two busy cores make each wait for the others.
    for (List<String> wave : List.of(STAGES.subList(0, 3), STAGES.subList(3, STAGES.size()))) {
      for (String stage : wave) {
        startStage(stage, stage + "-1", bootstrap, registry);
      }
      for (String stage : wave) {
        processes.awaitLine(stage + "-1", Pattern.compile("^" + stage + " ready: "), START);
      }
    }
    String serving1 = processes.awaitLine("deployer-1", SERVING, START).group(1);
    followDeployments(bootstrap, registry);

    String run1 = publish(first, bootstrap, registry);
    String version1 = awaitProduction(run1);

    // A second trainer and a second deployer (its own serving port) join their groups.
    startStage("trainer", "trainer-2", bootstrap, registry);
    startStage("deployer", "deployer-2", bootstrap, registry);
    processes.awaitLine("trainer-2", Pattern.compile("^trainer ready: "), START);
    String serving2 = processes.awaitLine("deployer-2", SERVING, START).group(1);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      await("the trainer and deployer groups have two members each")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                Map<String, ConsumerGroupDescription> groups =
                    admin
                        .describeConsumerGroups(List.of("trainer", "deployer"))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                assertThat(groups.get("trainer").members()).hasSize(2);
                assertThat(groups.get("deployer").members()).hasSize(2);
              });
    }

    String second = repository.append("README.md", "a second commit of the same model");
    String run2 = publish(second, bootstrap, registry);
    String version2 = awaitProduction(run2);
    assertThat(version2).isNotEqualTo(version1);

    // Both serving instances follow the deployments: the same model answers with one version.
    HttpClient http = HttpClient.newHttpClient();
    await("both serving instances answer with " + version2)
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(servedVersion(http, serving1)).isEqualTo(version2);
              assertThat(servedVersion(http, serving2)).isEqualTo(version2);
            });
    passed = true;
  }

  /** Stops the clients and every process; prints the processes' output tails unless it passed. */
  @Override
  public void close() {
    if (deployments != null) {
      deployments.close();
    }
    if (registryClient != null) {
      registryClient.close();
    }
    try {
      processes.close();
    } finally {
      if (!passed) {
        System.out.println(processes.report(80));
      }
    }
  }

  private void startStage(String stage, String instance, String bootstrap, String registry) {
    processes.start(
        instance,
        "512m",
        stage,
        "--bootstrap",
        bootstrap,
        "--registry",
        registry,
        "--data-dir",
        dataDir.toString(),
        "--instance-id",
        instance);
  }

  private String publish(String sha, String bootstrap, String registry) {
    CommandLineRun run =
        CommandLineRun.of(
            "publish",
            "commit",
            "--repo",
            repository.dir().toString(),
            "--sha",
            sha,
            "--bootstrap",
            bootstrap,
            "--registry",
            registry);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    return run.field("runId");
  }

  private void followDeployments(String bootstrap, String registry) {
    registryClient = HttpSchemaRegistryClient.of(registry);
    deployments =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new EventSerdes(registryClient).valueDeserializer(Topics.MODEL_DEPLOYED));
    List<TopicPartition> partitions = new ArrayList<>();
    deployments
        .partitionsFor(Topics.MODEL_DEPLOYED.name())
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    deployments.assign(partitions);
    deployments.seekToBeginning(partitions);
  }

  /** Waits for the run's ModelDeployed PRODUCTION 100 %; returns its version. */
  private String awaitProduction(String runId) {
    AtomicReference<Optional<ModelDeployed>> found = new AtomicReference<>(Optional.empty());
    await("run " + runId + " deployed to production at 100 %")
        .atMost(Duration.ofSeconds(120))
        .pollDelay(Duration.ZERO)
        .until(
            () -> {
              for (ConsumerRecord<String, ModelDeployed> record :
                  deployments.poll(Duration.ofMillis(500))) {
                deployed.add(record.value());
              }
              found.set(
                  deployed.stream()
                      .filter(d -> d.getMeta().getRunId().equals(runId))
                      .filter(d -> d.getEnvironment() == Environment.PRODUCTION)
                      .filter(d -> d.getTrafficPercent() == 100)
                      .findFirst());
              return found.get().isPresent();
            });
    assertThat(found.get().get().getModel()).isEqualTo(MODEL);
    return found.get().get().getVersion();
  }

  private static String servedVersion(HttpClient http, String serving) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(serving + "/v1/models/" + MODEL + "/recommend?user=1&k=5"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(serving + ": " + response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Model-Version").orElse("(no X-Model-Version)");
  }
}
