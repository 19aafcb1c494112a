package dev.mlpipe.bench;

import dev.mlpipe.deployer.DeployerApp;
import dev.mlpipe.deployer.DeployerConfig;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.gatekeeper.GatekeeperApp;
import dev.mlpipe.trainer.TrainerApp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One in-process pipeline for the pipeline benchmarks: the embedded broker and registry, the
 * catalogue's topics and schemas, and trainer, gatekeeper and deployer instances started in this
 * JVM with config {@code dev} (plus the deployer overrides given), all sharing one data dir. {@link
 * #close()} stops the stages (last started first), then the registry and the broker.
 */
final class PipelineHarness implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;
  private final Path data;
  private final PipelineConfig config;
  private final List<RunningStage> stages = new ArrayList<>();

  private PipelineHarness(
      EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Path data, PipelineConfig config) {
    this.kafka = kafka;
    this.registry = registry;
    this.data = data;
    this.config = config;
  }

  /**
   * Starts the broker and registry, creates the topics and registers the schemas.
   *
   * @param data the data dir (broker log under {@code kafka/}, the stages' state and artifacts)
   * @param overrides configuration variables for the deployer, e.g. {@code
   *     MLPIPE_APPROVAL_PRODUCTION}
   */
  static PipelineHarness start(Path data, Map<String, String> overrides) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), 0, true, Map.of());
    EmbeddedSchemaRegistry registry = null;
    try {
      registry = EmbeddedSchemaRegistry.startInMemory();
      try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
        topics.createCatalogue();
      }
      try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(registry.url())) {
        new SchemaSetup(client).registerCatalogue();
      }
      PipelineConfig config =
          PipelineConfig.load(
              "dev",
              Files.isRegularFile(Path.of("config", "base.yaml"))
                  ? Optional.of(Path.of("config"))
                  : Optional.empty(),
              overrides);
      return new PipelineHarness(kafka, registry, data, config);
    } catch (Exception | Error e) {
      if (registry != null) {
        registry.close();
      }
      kafka.close();
      throw e;
    }
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  private StageEnvironment env(String instance) {
    return new StageEnvironment(
        kafka.bootstrapServers(), URI.create(registry.url()), data, "dev", instance);
  }

  /** Starts a trainer instance; instances share the trainer's consumer group. */
  RunningStage startTrainer(String instance) {
    return started(TrainerApp.start(env(instance)));
  }

  /** Starts a gatekeeper instance. */
  RunningStage startGatekeeper(String instance) {
    return started(GatekeeperApp.start(env(instance)));
  }

  /** Starts a deployer instance with the harness's configuration. */
  RunningStage startDeployer(String instance) {
    return started(DeployerApp.start(env(instance), DeployerConfig.from(config)));
  }

  private RunningStage started(RunningStage stage) {
    stages.add(stage);
    return stage;
  }

  @Override
  public void close() {
    try {
      for (int i = stages.size() - 1; i >= 0; i--) {
        stages.get(i).close();
      }
    } finally {
      try {
        registry.close();
      } finally {
        kafka.close();
      }
    }
  }

  /** The demo's model: examples/movielens-recsys, as {@code mlpipe up --demo} commits it. */
  static final Path DEMO_EXAMPLE = Path.of("examples", "movielens-recsys");

  /** The demo model's name in its spec. */
  static final String DEMO_MODEL = "movielens-recsys";

  /** A git repository holding the demo example's files (not yet committed). */
  static Path demoRepository(Path repo) throws Exception {
    if (!Files.isRegularFile(DEMO_EXAMPLE.resolve("mlpipe.yaml"))) {
      throw new IllegalStateException(
          DEMO_EXAMPLE.toAbsolutePath()
              + "/mlpipe.yaml is missing: run the benchmarks from mlpipe's directory (bench/run)");
    }
    Files.createDirectories(repo);
    try (var files = Files.list(DEMO_EXAMPLE)) {
      for (Path file : files.toList()) {
        Files.copy(file, repo.resolve(file.getFileName()));
      }
    }
    git(repo, "init", "-q", "-b", "main");
    return repo;
  }

  /**
   * Commits the demo spec under the model name {@code model}: a model's first version goes straight
   * to production at 100 % (no canary against an earlier one), so every commit of a fresh name is
   * one whole commit -> production run of the demo model.
   */
  static String commitDemoAs(Path repo, String model) throws Exception {
    Path spec = repo.resolve("mlpipe.yaml");
    String text = Files.readString(spec, StandardCharsets.UTF_8);
    String renamed =
        text.replaceFirst(
            "(?m)^model: .*$", java.util.regex.Matcher.quoteReplacement("model: " + model));
    if (renamed.equals(text) && !text.contains("model: " + model)) {
      throw new IllegalStateException("no 'model:' line in " + spec);
    }
    Files.writeString(spec, renamed, StandardCharsets.UTF_8);
    return commitAll(repo, "bench: " + model);
  }

  /** Runs git in {@code repo}; returns its output, or fails with it. */
  static String git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** Commits everything in {@code repo} and returns the new sha. */
  static String commitAll(Path repo, String message) throws Exception {
    git(repo, "add", ".");
    git(
        repo,
        "-c",
        "user.name=Bench",
        "-c",
        "user.email=bench@example.com",
        "commit",
        "-q",
        "-m",
        message);
    return git(repo, "rev-parse", "HEAD").trim();
  }
}
