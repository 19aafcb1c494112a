package dev.mlpipe.cli.stage;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.up.LogFiles;
import dev.mlpipe.events.metrics.MetricsEndpoint;
import dev.mlpipe.events.metrics.ProcessMetrics;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.stage.StageLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape of every {@code mlpipe <stage>} command: connect to the given Kafka and registry, start
 * the one stage, print {@code <stage> ready: ...}, run until Ctrl-C or SIGTERM, stop cleanly.
 * Subclasses only name the stage and its launcher.
 *
 * <p>Each process logs to {@code DATA_DIR/logs/<stage>-<instance-id>.log} (or to the file the
 * system property {@value #LOG_FILE_PROPERTY} names), so the instances that share one data dir do
 * not write one file at once.
 */
public abstract class RunStageCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunStageCommand.class);

  /** The system property logback.xml takes the log file from; when set, it is kept. */
  static final String LOG_FILE_PROPERTY = "mlpipe.log.file";

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:MLPIPE_DATA_DIR:-.mlpipe}",
      description =
          "Where the stage keeps its state (DIR/<stage>/<instance-id>) and its log"
              + " (DIR/logs/<stage>-<instance-id>.log), and where the artifact store is"
              + " (DIR/artifacts, shared by trainer, gatekeeper and deployer: give every stage"
              + " process of one machine the same DIR); env MLPIPE_DATA_DIR (default:"
              + " ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      defaultValue = "${env:MLPIPE_ENV:-dev}",
      description =
          "Configuration environment: dev, staging or production (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description =
          "Unique among the running instances of this stage (default: host name and process id).")
  String instanceId;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "${env:MLPIPE_METRICS_PORT}",
      description =
          "Serve the process's Prometheus metrics at http://ADDRESS:PORT/metrics (0 = any free"
              + " port; env MLPIPE_METRICS_PORT); unset: not served.")
  Integer metricsPort;

  @Option(
      names = "--metrics-bind-address",
      paramLabel = "ADDRESS",
      defaultValue = "${env:MLPIPE_METRICS_BIND_ADDRESS:-127.0.0.1}",
      description =
          "Where --metrics-port listens (env MLPIPE_METRICS_BIND_ADDRESS; default:"
              + " ${DEFAULT-VALUE}).")
  String metricsBindAddress;

  @Spec CommandSpec spec;

  /** The stage's name as in the ready line and the consumer group. */
  protected abstract String stageName();

  /** How to start it. */
  protected abstract StageLauncher launcher();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StageEnvironment env =
        new StageEnvironment(
            connection.bootstrap(),
            connection.registry(),
            dataDir,
            environment,
            instanceId != null ? instanceId : defaultInstanceId());
    if (System.getProperty(LOG_FILE_PROPERTY) == null) {
      LogFiles.redirectTo(logFile(env));
    }
    ProcessMetrics.registry(); // before the stage counts anything, see ProcessMetrics
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "mlpipe-" + stageName() + "-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (MetricsEndpoint metrics =
            metricsPort == null ? null : MetricsEndpoint.start(metricsBindAddress, metricsPort);
        RunningStage stage = launcher().start(env)) {
      StringBuilder line =
          new StringBuilder(stageName())
              .append(" ready: kafka=")
              .append(env.bootstrapServers())
              .append(" registry=")
              .append(env.registryUrl());
      for (Map.Entry<String, String> endpoint : stage.endpoints().entrySet()) {
        line.append(' ').append(endpoint.getKey()).append('=').append(endpoint.getValue());
      }
      if (metrics != null) {
        line.append(" metrics=").append(metrics.url());
      }
      out.println(line);
      out.flush();
      log.info("{} (instance {})", line, env.instanceId());
      while (!stop.await(1, TimeUnit.SECONDS)) {
        if (!stage.isRunning()) {
          out.println("mlpipe: " + stageName() + " stopped; see the log for the reason");
          out.flush();
          return 1;
        }
      }
      out.println("mlpipe: stopping " + stageName());
      out.flush();
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  private Path logFile(StageEnvironment env) {
    Path logs = env.dataDir().resolve("logs");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UserError("--data-dir " + dataDir + ": cannot create " + logs + ": " + e, e);
    }
    return logs.resolve(stageName() + "-" + env.instanceId() + ".log").toAbsolutePath();
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
