package dev.mlpipe.cli.up;

import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.stage.MetricsSinkCommand;
import dev.mlpipe.cli.stage.PipelineStages;
import dev.mlpipe.cli.watch.EventLine;
import dev.mlpipe.cli.watch.EventPrinter;
import dev.mlpipe.cli.watch.EventTail;
import dev.mlpipe.console.MetricsSinkApp;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe up}: the whole pipeline in this process, on an embedded broker and registry. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an embedded Kafka broker (KRaft), the embedded schema registry and the pipeline's"
          + " topics in this process, prints one line",
      "  mlpipe ready: kafka=HOST:PORT registry=URL",
      "and then shows the pipeline's events live until Ctrl-C. Logs go to DATA_DIR/logs/mlpipe.log.",
      "",
      "Examples:",
      "  mlpipe up --demo          (from mlpipe's directory: uses examples/movielens-recsys)",
      "  mlpipe up --demo=all      (the four examples side by side; a few minutes)",
      "  mlpipe up --kafka-port 0 --registry-port 0     (any free ports; the ready line shows them)",
      "  mlpipe up --infra-only     only the broker, the registry and the topics; then start each",
      "                             stage as its own process: mlpipe trainer --bootstrap ... (see",
      "                             the lines it prints)"
    })
public final class UpCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(UpCommand.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  @Option(
      names = "--demo",
      arity = "0..1",
      fallbackValue = "story",
      paramLabel = "story|all",
      description =
          "Also run the demo: a git repository of --demo-example is created and its commit goes to"
              + " production; simulated traffic with feedback flows; drift is injected until the"
              + " drift monitor raises it and the trainer retrains; a deliberately worse commit is"
              + " rejected by the gate; then a summary table. --demo=all also commits the three"
              + " tabular examples beside it (fraud-detection, customer-churn, taxi-fares) and"
              + " takes each to production with predictions; longer. The pipeline keeps serving"
              + " until Ctrl-C.")
  String demoMode;

  private boolean demo;

  @Option(
      names = "--demo-example",
      paramLabel = "DIR",
      defaultValue = "examples/movielens-recsys",
      description =
          "The example whose files the demo commits to a fresh git repository (default:"
              + " ${DEFAULT-VALUE}, relative to the current directory).")
  Path demoExample;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = ".mlpipe",
      description =
          "Where the broker, the registry's topic and the logs live; kept between runs"
              + " (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description =
          "Kafka's client port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description = "The schema registry's port; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--infra-only",
      description =
          "Start only the broker, the registry and the topics, no stage: each stage then runs as"
              + " its own process (mlpipe trainer|gatekeeper|deployer|... --bootstrap"
              + " --registry), as many instances of one stage as you like.")
  boolean infraOnly;

  @Option(
      names = "--no-live-view",
      negatable = false,
      description = "Print only the ready line, not the live view of events.")
  boolean noLiveView;

  @Option(
      names = "--metrics-db",
      paramLabel = "JDBC_URL",
      defaultValue = "${env:MLPIPE_METRICS_DB}",
      description =
          "Also run the metrics sink: the model metrics of every run go to table ml_metrics of"
              + " this PostgreSQL database (e.g. jdbc:postgresql://localhost:5432/mlpipe?user=u&"
              + "password=p; env MLPIPE_METRICS_DB). See `mlpipe metrics-sink --help`.")
  String metricsDb;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (demoMode != null && !demoMode.equals("story") && !demoMode.equals("all")) {
      throw new UserError(
          "--demo="
              + demoMode
              + " is not a demo; use --demo (the recommender's story) or --demo=all",
          2,
          null);
    }
    demo = demoMode != null;
    if (infraOnly && demo) {
      throw new UserError(
          "--demo needs the stages in this process; drop --infra-only, or publish the commit"
              + " with `mlpipe publish commit` once the stage processes run",
          2,
          null);
    }
    if (demo && !Files.isRegularFile(demoExample.resolve("mlpipe.yaml"))) {
      throw new UserError(
          "--demo-example "
              + demoExample.toAbsolutePath().normalize()
              + " has no mlpipe.yaml; run `mlpipe up --demo` from mlpipe's directory (it has"
              + " examples/movielens-recsys) or pass --demo-example DIR",
          2,
          null);
    }
    if (metricsDb != null && infraOnly) {
      throw new UserError(
          "--metrics-db needs the stages in this process; drop --infra-only, or run"
              + " `mlpipe metrics-sink --metrics-db JDBC_URL` beside the stage processes",
          2,
          null);
    }
    if (metricsDb != null) {
      MetricsSinkCommand.checkDatabase(metricsDb);
    }
    Path logFile = prepareDataDir();
    LocalPipeline.checkPortFree("--kafka-port", kafkaPort);
    LocalPipeline.checkPortFree("--registry-port", registryPort);

    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stoppedCleanly = new CountDownLatch(1);
    List<Runnable> onStop = new CopyOnWriteArrayList<>();
    Thread hook =
        new Thread(
            () -> {
              onStop.forEach(Runnable::run);
              stopRequested.countDown();
              // The JVM exits when the hooks return: wait for the pipeline to close first.
              awaitQuietly(stoppedCleanly);
            },
            "mlpipe-up-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    LocalPipeline.Settings settings = new LocalPipeline.Settings(dataDir, kafkaPort, registryPort);
    try (LocalPipeline pipeline = LocalPipeline.start(settings, stages())) {
      out.println(pipeline.readyLine());
      if (infraOnly) {
        StageCommands.forInfrastructure(pipeline.bootstrap(), pipeline.registryUrl(), dataDir)
            .forEach(out::println);
      }
      out.flush();
      log.info("{} (logs in {})", pipeline.readyLine(), logFile);

      long readyNanos = System.nanoTime();
      if (!noLiveView) {
        EventTail tail = liveView(pipeline, out);
        onStop.add(tail::stop);
      }
      if (demo) {
        Thread demoThread = startDemo(pipeline, out, readyNanos);
        onStop.add(demoThread::interrupt);
      }
      stopRequested.await();
      out.println("mlpipe: stopping");
      out.flush();
    } finally {
      stoppedCleanly.countDown();
    }
    return 0;
  }

  /**
   * The stages to start: none with --infra-only, else every one, and the sink with --metrics-db.
   */
  private List<PipelineStages.Entry> stages() {
    if (infraOnly) {
      return List.of();
    }
    List<PipelineStages.Entry> stages = new ArrayList<>(PipelineStages.ALL);
    if (metricsDb != null) {
      stages.add(
          new PipelineStages.Entry(MetricsSinkApp.NAME, MetricsSinkCommand.launcher(metricsDb)));
    }
    return stages;
  }

  /** An event's grouped line; a dead letter or an undecodable record as {@code watch} shows it. */
  private static String liveLine(
      ConsumerRecord<String, byte[]> record,
      EventCodec codec,
      EventPrinter printer,
      LiveView view) {
    if (Topics.isDeadLetterTopic(record.topic())) {
      return printer.print(record);
    }
    try {
      SpecificRecord event =
          codec.decode(record.topic(), record.partition(), record.offset(), record.value());
      return event == null ? printer.print(record) : view.format(event);
    } catch (RuntimeException e) {
      return printer.print(record);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("the pipeline did not close within {}; exiting anyway", SHUTDOWN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path prepareDataDir() {
    try {
      Files.createDirectories(dataDir.resolve("logs"));
    } catch (IOException e) {
      throw new UserError("--data-dir " + dataDir + ": cannot create it: " + e.getMessage(), e);
    }
    Path logFile = dataDir.resolve("logs/mlpipe.log").toAbsolutePath();
    LogFiles.redirectTo(logFile);
    return logFile;
  }

  private Thread startDemo(LocalPipeline pipeline, PrintWriter out, long readyNanos) {
    Path workDir = dataDir.resolve("demo").resolve(Long.toString(System.currentTimeMillis()));
    Demo story = new Demo(pipeline, out, demoExample, Demo.Pace.DEFAULT, readyNanos);
    DemoAll all =
        new DemoAll(
            pipeline,
            out,
            demoExample.toAbsolutePath().normalize().getParent(),
            DemoAll.Pace.DEFAULT,
            readyNanos);
    boolean everyExample = "all".equals(demoMode);
    Thread thread =
        new Thread(
            () -> {
              try {
                if (everyExample) {
                  all.run(workDir);
                } else {
                  story.run(workDir);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                log.error("the demo failed", e);
                synchronized (out) {
                  out.println("demo: failed: " + e.getMessage() + " (details in the log)");
                  out.flush();
                }
              }
            },
            "mlpipe-demo");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static EventTail liveView(LocalPipeline pipeline, PrintWriter out) {
    PipelineClients clients = new PipelineClients(pipeline.bootstrap());
    EventCodec codec = EventCodec.connect(pipeline.registryUrl());
    EventTail tail = new EventTail(clients);
    List<String> names = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      // Serving's traffic is left out: thousands of lines a minute would bury the runs.
      if (topic != Topics.PREDICTION_LOGGED && topic != Topics.FEEDBACK) {
        names.add(topic.name());
      }
      names.add(topic.deadLetterTopic());
    }
    tail.assign(names, false);
    EventPrinter printer = new EventPrinter(codec, new EventLine(ZoneId.systemDefault()), false);
    LiveView view = new LiveView(ZoneId.systemDefault());
    Thread thread =
        new Thread(
            () -> {
              try {
                tail.run(
                    record -> {
                      String text = liveLine(record, codec, printer, view);
                      synchronized (out) {
                        out.println(text);
                        out.flush();
                      }
                      return true;
                    },
                    0,
                    null);
              } finally {
                tail.close();
                codec.close();
              }
            },
            "mlpipe-live-view");
    thread.setDaemon(true);
    thread.start();
    return tail;
  }
}
