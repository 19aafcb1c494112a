package dev.mlpipe.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distributed shape on one machine, for the ITs that run it: {@code mlpipe up --infra-only}
 * (broker and registry) as one JVM and every stage instance as a JVM of its own from the shaded
 * jar, all sharing one data dir (the artifact store). An instance can be killed and started again
 * under the same instance id (so its transactional id fences what the killed one left open); each
 * start is a process of its own name, {@code <instance>} and then {@code <instance>.2}, ...
 */
final class ProcessPipeline implements AutoCloseable {

  static final Path JAR = Path.of("target", "mlpipe.jar");
  static final Duration START = Duration.ofSeconds(240);
  private static final Pattern INFRA_READY =
      Pattern.compile("^mlpipe ready: kafka=(\\S+) registry=(\\S+)$", Pattern.MULTILINE);

  private final JvmProcesses processes;
  private final Path stagesDataDir;
  private final String bootstrap;
  private final String registry;
  private final Map<String, Integer> starts = new HashMap<>();
  private final Map<String, String> stageOf = new HashMap<>();

  private ProcessPipeline(
      JvmProcesses processes, Path stagesDataDir, String bootstrap, String registry) {
    this.processes = processes;
    this.stagesDataDir = stagesDataDir;
    this.bootstrap = bootstrap;
    this.registry = registry;
  }

  /**
   * Starts the infrastructure and waits for its ready line. Processes write to {@code logDir}; the
   * broker keeps its log under {@code dataDir/infra}, the stages share {@code dataDir/stages}.
   *
   * @param environment the only {@code MLPIPE_} (and other) variables the processes see besides the
   *     machine's non-mlpipe ones
   */
  static ProcessPipeline start(Path logDir, Path dataDir, Map<String, String> environment) {
    JvmProcesses processes = new JvmProcesses(JAR, logDir, environment);
    try {
      processes.start(
          "infra",
          "768m",
          "up",
          "--infra-only",
          "--no-live-view",
          "--kafka-port",
          "0",
          "--registry-port",
          "0",
          "--data-dir",
          dataDir.resolve("infra").toString());
      Matcher ready = processes.awaitLine("infra", INFRA_READY, START);
      return new ProcessPipeline(
          processes, dataDir.resolve("stages"), ready.group(1), ready.group(2));
    } catch (RuntimeException | Error e) {
      System.out.println(processes.report(80));
      processes.close();
      throw e;
    }
  }

  String bootstrap() {
    return bootstrap;
  }

  String registry() {
    return registry;
  }

  /** The data dir every stage shares (artifact store, Streams state, logs). */
  Path stagesDataDir() {
    return stagesDataDir;
  }

  JvmProcesses processes() {
    return processes;
  }

  /**
   * Starts (or, after a kill, starts again) the instance {@code instance} of {@code stage} without
   * waiting for it; returns the name of its process.
   */
  String startStage(String stage, String instance) {
    int start = starts.merge(instance, 1, Integer::sum);
    String process = start == 1 ? instance : instance + "." + start;
    stageOf.put(instance, stage);
    processes.start(
        process,
        "512m",
        stage,
        "--bootstrap",
        bootstrap,
        "--registry",
        registry,
        "--data-dir",
        stagesDataDir.toString(),
        "--instance-id",
        instance);
    return process;
  }

  /** Starts the stages and waits for their ready lines, a few at a time. */
  void startStages(List<String> stages, String instanceSuffix) {
    // Waves: six JVMs starting at once on two busy cores make each wait for the others.
    for (int from = 0; from < stages.size(); from += 3) {
      List<String> wave = stages.subList(from, Math.min(stages.size(), from + 3));
      for (String stage : wave) {
        startStage(stage, stage + instanceSuffix);
      }
      for (String stage : wave) {
        awaitReady(stage + instanceSuffix);
      }
    }
  }

  /** The process name of the instance's latest start. */
  String currentProcess(String instance) {
    Integer start = starts.get(instance);
    if (start == null) {
      throw new IllegalArgumentException("instance " + instance + " was never started");
    }
    return start == 1 ? instance : instance + "." + start;
  }

  /** Whether the instance's latest start has printed its ready line. */
  boolean isReady(String instance) {
    String prefix = stageOf.get(instance) + " ready: ";
    return processes.output(currentProcess(instance)).lines().anyMatch(l -> l.startsWith(prefix));
  }

  /** Waits for the ready line of the instance's latest start. */
  Matcher awaitReady(String instance) {
    return processes.awaitLine(
        currentProcess(instance),
        Pattern.compile("^" + Pattern.quote(stageOf.get(instance)) + " ready: .*"),
        START);
  }

  /** SIGKILL of the instance's latest start, then a new start of it; returns the new process. */
  String killAndRestart(String instance) {
    processes.kill(currentProcess(instance));
    return startStage(stageOf.get(instance), instance);
  }

  String report(int logLines) {
    return processes.report(logLines);
  }

  @Override
  public void close() {
    processes.close();
  }
}
