package dev.mlpipe.console;

import dev.mlpipe.console.cluster.ClusterView;
import dev.mlpipe.console.feed.EventFeed;
import dev.mlpipe.console.feed.EventStore;
import dev.mlpipe.console.web.Access;
import dev.mlpipe.console.web.ConsoleServer;
import dev.mlpipe.console.web.Pages;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
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

  /** Starts the console with the {@code console} section of the environment's configuration. */
  public static RunningStage start(StageEnvironment env) {
    return start(env, ConsoleConfig.from(PipelineConfig.load(env.environment())));
  }

  /** Starts the console with this configuration. */
  public static RunningStage start(StageEnvironment env, ConsoleConfig config) {
    String token = config.token().orElseGet(() -> generateToken(env));
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    EventFeed feed = null;
    ClusterView cluster = null;
    try {
      EventSerdes serdes = new EventSerdes(registry);
      EventStore store = new EventStore(Clock.systemUTC());
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
      ConsoleServer server =
          ConsoleServer.start(
              config.bindAddress(),
              config.port(),
              new Access(config.loopbackOnly(), token),
              new Pages(ZoneId.systemDefault()),
              store,
              cluster);
      log.info("console listening on {} ({})", server.url(), config);
      return RunningStages.of(
          NAME,
          Map.of(NAME, server.url().toString()),
          feed::isRunning,
          server,
          feed,
          cluster,
          registry);
    } catch (RuntimeException e) {
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

  /** A random token, written where only this user can read it, so `up` users can find it. */
  private static String generateToken(StageEnvironment env) {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Path file = env.dataDir().resolve(NAME).resolve("token");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.debug("cannot restrict {} to its owner on this file system", file);
      }
      log.info("console bearer token written to {}", file.toAbsolutePath());
    } catch (IOException e) {
      throw new IllegalStateException(
          "console: cannot write its token to "
              + file
              + ": "
              + e.getMessage()
              + "; set console.token (MLPIPE_CONSOLE_TOKEN) or fix --data-dir",
          e);
    }
    return token;
  }
}
