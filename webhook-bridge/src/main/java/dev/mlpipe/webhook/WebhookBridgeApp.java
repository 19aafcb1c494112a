package dev.mlpipe.webhook;

import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.webhook.api.EventRequests;
import dev.mlpipe.webhook.config.WebhookBridgeConfig;
import dev.mlpipe.webhook.github.DeliveryTriage;
import dev.mlpipe.webhook.http.EventEncoder;
import dev.mlpipe.webhook.http.EventsApiHandler;
import dev.mlpipe.webhook.http.GitHubWebhookHandler;
import dev.mlpipe.webhook.http.WebhookServer;
import dev.mlpipe.webhook.ledger.EventLedger;
import dev.mlpipe.webhook.signature.WebhookSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the webhook bridge: configuration, secret, ledger, registry, HTTP server. */
public final class WebhookBridgeApp {

  /** The stage's name. */
  public static final String STAGE = "webhook-bridge";

  /** Its key in the ready line. */
  public static final String ENDPOINT = "webhook";

  private static final Logger log = LoggerFactory.getLogger(WebhookBridgeApp.class);

  private WebhookBridgeApp() {}

  /**
   * Told, once, the secret the bridge generated because none was configured, so that it can be
   * shown to the person who starts the bridge (the terminal, never the log).
   */
  @FunctionalInterface
  public interface SecretNotice {

    /**
     * @param secret the generated secret
     * @param file where it is kept, readable by its owner only
     */
    void generated(String secret, Path file);
  }

  /**
   * Starts with the {@code webhook} section of the environment's configuration. A generated secret
   * is not shown (services have no terminal, and secrets never go to the log): the log says in
   * which file it is kept.
   */
  public static RunningStage start(StageEnvironment env) {
    return start(env, WebhookBridgeApp::logWhereSecretIs);
  }

  /** Starts with the environment's configuration, showing a generated secret to {@code notice}. */
  public static RunningStage start(StageEnvironment env, SecretNotice notice) {
    return start(env, WebhookBridgeConfig.from(PipelineConfig.load(env.environment())), notice);
  }

  /**
   * Starts the bridge.
   *
   * @param notice shown a generated secret once
   */
  public static RunningStage start(
      StageEnvironment env, WebhookBridgeConfig config, SecretNotice notice) {
    WebhookBridgeConfig withSecret = ensureSecret(env, config, notice);
    createLedgerTopic(env.bootstrapServers());
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    EventLedger ledger = null;
    try {
      EventSerdes serdes = new EventSerdes(registry);
      EventEncoder encoder = (topic, event) -> encode(serdes, topic, event);
      ledger =
          EventLedger.open(
              new EventLedger.Settings(
                  env.bootstrapServers(),
                  STAGE + "-" + env.instanceId(),
                  Topics.WEBHOOK_DELIVERIES,
                  Map.of(),
                  Clock.systemUTC()));
      EventMetas metas =
          new EventMetas(EventMetas.producerName(STAGE, env.instanceId()), Clock.systemUTC());
      GitHubWebhookHandler github =
          new GitHubWebhookHandler(
              new DeliveryTriage(withSecret.gitHubSettings()),
              withSecret.maxBodyBytes(),
              ledger,
              encoder,
              metas,
              withSecret.ackTimeout());
      EventsApiHandler events =
          new EventsApiHandler(
              new EventRequests(withSecret.apiTokens()),
              ledger,
              encoder,
              metas,
              withSecret.ackTimeout());
      WebhookServer server;
      try {
        server = WebhookServer.start(withSecret.host(), withSecret.port(), github, events);
      } catch (IllegalStateException portTaken) {
        if (!withSecret.anyPortIfTaken()) {
          throw portTaken;
        }
        log.warn(
            "webhook bridge: port {} is taken, listening on any free port instead (see the ready"
                + " line); set MLPIPE_WEBHOOK_PORT to fix one",
            withSecret.port());
        server = WebhookServer.start(withSecret.host(), 0, github, events);
      }
      log.info("webhook bridge listening on {} with {}", server.gitHubUrl(), withSecret);
      return RunningStages.of(
          STAGE,
          Map.of(ENDPOINT, server.gitHubUrl().toString()),
          ledger::isRunning,
          server,
          ledger,
          registry);
    } catch (RuntimeException e) {
      if (ledger != null) {
        ledger.close();
      }
      registry.close();
      throw e;
    }
  }

  /**
   * The configured secrets, or the secret generated earlier for this data directory, or a new one,
   * stored owner-readable only and shown once to {@code notice}.
   */
  static WebhookBridgeConfig ensureSecret(
      StageEnvironment env, WebhookBridgeConfig config, SecretNotice notice) {
    if (config.secrets().isPresent()) {
      return config;
    }
    Path file = env.dataDir().resolve(STAGE).resolve("generated-secret");
    try {
      if (Files.isRegularFile(file)) {
        log.info("no webhook secret configured; using the one generated earlier in {}", file);
        return config.withSecrets(
            WebhookSecrets.parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
      String secret = WebhookSecrets.generate(new SecureRandom());
      Files.createDirectories(file.getParent());
      Files.writeString(file, secret, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.warn("cannot restrict {} to its owner on this file system", file);
      }
      notice.generated(secret, file);
      return config.withSecrets(WebhookSecrets.parse(secret));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the generated webhook secret in "
              + file
              + ": "
              + e.getMessage()
              + "; set MLPIPE_WEBHOOK_SECRET instead",
          e);
    }
  }

  private static void logWhereSecretIs(String secret, Path file) {
    log.warn(
        "no MLPIPE_WEBHOOK_SECRET set: generated a webhook secret and kept it in {} (readable by"
            + " its owner only); give it to GitHub with the webhook URL, or set"
            + " MLPIPE_WEBHOOK_SECRET",
        file);
  }

  /** Creates the ledger topic if missing, replicated up to three times as the cluster allows. */
  private static void createLedgerTopic(String bootstrapServers) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      new TopicSetup(admin, Math.max(1, Math.min(3, brokers)))
          .create(
              new TopicSetup.Spec(Topics.WEBHOOK_DELIVERIES, 3, Topics.WEBHOOK_DELIVERIES_CONFIGS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the webhook bridge cannot reach Kafka at " + bootstrapServers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the webhook ledger topic", e);
    }
  }

  private static <V extends SpecificRecord> byte[] encode(
      EventSerdes serdes, Topic<V> topic, SpecificRecord event) {
    return serdes.valueSerializer(topic).serialize(topic.name(), topic.valueType().cast(event));
  }
}
