package dev.mlpipe.console;

import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.dlq.DeadLetterQueue;
import dev.mlpipe.console.feed.EventFeed;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.models.KafkaCommandSink;
import dev.mlpipe.console.models.ModelMeters;
import dev.mlpipe.console.models.RolloutWaits;
import dev.mlpipe.console.web.Access;
import dev.mlpipe.console.web.ConsoleServer;
import dev.mlpipe.console.web.Pages;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.metrics.ProcessMetrics;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the console: configuration, Kafka clients, the event feed, the web server. */
public final class ConsoleApp {

  private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);

  /** The stage's name, in the ready line and the logs. */
  public static final String NAME = "console";

  private ConsoleApp() {}

  /**
   * Shown the bearer token the console generated (because none was configured), once: services have
   * no terminal and tokens never go to the log, so only the person who started the console sees it,
   * and the file it is kept in.
   */
  @FunctionalInterface
  public interface TokenNotice {

    /**
     * @param token the generated token
     * @param file where it is kept, readable by its owner only
     */
    void generated(String token, Path file);

    /** Shows nothing: the log says which file holds the token. */
    TokenNotice LOG_ONLY = (token, file) -> {};
  }

  /** Starts the console with the {@code console} section of the environment's configuration. */
  public static RunningStage start(StageEnvironment env) {
    return start(env, TokenNotice.LOG_ONLY);
  }

  /** Starts the console with the configuration; a generated token is shown to {@code notice}. */
  public static RunningStage start(StageEnvironment env, TokenNotice notice) {
    return start(env, ConsoleConfig.from(PipelineConfig.load(env.environment())), notice);
  }

  /** Starts the console with this configuration. */
  public static RunningStage start(StageEnvironment env, ConsoleConfig config) {
    return start(env, config, TokenNotice.LOG_ONLY);
  }

  /** Starts the console with this configuration; a generated token is shown to {@code notice}. */
  public static RunningStage start(StageEnvironment env, ConsoleConfig config, TokenNotice notice) {
    String token = config.token().orElseGet(() -> generatedToken(env, notice));
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    EventFeed feed = null;
    ClusterView cluster = null;
    KafkaCommandSink commands = null;
    DeadLetterQueue dlq = null;
    RolloutWaits waits = null;
    try {
      EventSerdes serdes = new EventSerdes(registry);
      EventStore store = new EventStore(Clock.systemUTC());
      store.subscribeRunEvents(new ModelMeters(Metrics.globalRegistry)::record);
      ProcessMetrics.registry();
      feed = EventFeed.start(env.bootstrapServers(), serdes, store);
      cluster =
          new ClusterView(
              env.bootstrapServers(),
              Admin.create(
                  Map.of(
                      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                      env.bootstrapServers(),
                      AdminClientConfig.CLIENT_ID_CONFIG,
                      "mlpipe-console-admin",
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                      10_000,
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                      10_000)),
              serdes);
      commands = new KafkaCommandSink(env.bootstrapServers(), serdes);
      dlq = DeadLetterQueue.connect(env.bootstrapServers(), Clock.systemUTC());
      RolloutWaits rolloutWaits = RolloutWaits.start(env.bootstrapServers());
      waits = rolloutWaits;
      ConsoleServer server =
          ConsoleServer.start(
              config.bindAddress(),
              config.port(),
              new Access(config.loopbackOnly(), token),
              new Pages(ZoneId.systemDefault()),
              new ConsoleServer.Services(
                  store,
                  cluster,
                  commands,
                  new EventMetas(
                      EventMetas.producerName(NAME, env.instanceId()), Clock.systemUTC()),
                  dlq,
                  rolloutWaits::snapshot));
      log.info("console listening on {} ({})", server.url(), config);
      return RunningStages.of(
          NAME,
          Map.of(NAME, server.url().toString()),
          feed::isRunning,
          server,
          feed,
          waits,
          commands,
          dlq,
          cluster,
          registry);
    } catch (RuntimeException e) {
      if (waits != null) {
        waits.close();
      }
      if (dlq != null) {
        dlq.close();
      }
      if (commands != null) {
        commands.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      if (feed != null) {
        feed.close();
      }
      registry.close();
      throw e;
    }
  }

  /**
   * The token generated earlier and kept in {@code <data-dir>/console/token}, or a new random one
   * written there (readable by its owner only) and shown to {@code notice} once.
   */
  private static String generatedToken(StageEnvironment env, TokenNotice notice) {
    Path file = env.dataDir().resolve(NAME).resolve("token");
    try {
      if (Files.isRegularFile(file)) {
        String earlier = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!earlier.isEmpty()) {
          log.info("no console token configured; using the one generated earlier in {}", file);
          return earlier;
        }
      }
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      String token = HexFormat.of().formatHex(bytes);
      Files.createDirectories(file.getParent());
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.debug("cannot restrict {} to its owner on this file system", file);
      }
      log.info("console bearer token generated and written to {}", file.toAbsolutePath());
      notice.generated(token, file.toAbsolutePath());
      return token;
    } catch (IOException e) {
      throw new IllegalStateException(
          "console: cannot keep its token in "
              + file
              + ": "
              + e.getMessage()
              + "; set console.token (MLPIPE_CONSOLE_TOKEN) or fix --data-dir",
          e);
    }
  }
}
