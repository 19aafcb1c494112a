package dev.mlpipe.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mlpipe} commands each run from the shaded jar as a JVM of its own, the way an operator
 * starts the stages on separate machines. Each process's output goes to {@code <logDir>/<name>.out}
 * and its log to {@code <logDir>/<name>.log}; {@link #close()} stops every one of them, whatever
 * happened before.
 */
final class JvmProcesses implements AutoCloseable {

  private final Path jar;
  private final Path logDir;
  private final Map<String, String> environment;
  private final Map<String, Process> processes = new LinkedHashMap<>();

  JvmProcesses(Path jar, Path logDir, Map<String, String> environment) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: the shaded jar is built in the package phase; run the IT with"
              + " `./mvnw -pl cli verify -Dit.test=...`, not on its own");
    }
    this.jar = jar;
    this.logDir = logDir;
    this.environment = Map.copyOf(environment);
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code java -Xmx<heap> -jar mlpipe.jar args...} as the process {@code name}. */
  Process start(String name, String heap, String... args) {
    if (processes.containsKey(name)) {
      throw new IllegalArgumentException("a process named " + name + " was already started");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.add("-Dmlpipe.log.file=" + logFile(name).toAbsolutePath());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(outputFile(name).toFile());
    // Only what this run sets: an MLPIPE_ variable of the machine must not change the stages.
    builder.environment().keySet().removeIf(key -> key.startsWith("MLPIPE_"));
    builder.environment().putAll(environment);
    try {
      // A log of an earlier run would be appended to and mislead a failure report.
      Files.deleteIfExists(logFile(name));
      Process process = builder.start();
      processes.put(name, process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + command, e);
    }
  }

  /**
   * Waits for the line of {@code name}'s output that matches {@code pattern}; fails at once when
   * the process has exited without printing it.
   */
  Matcher awaitLine(String name, Pattern pattern, Duration atMost) {
    Process process = processes.get(name);
    Matcher[] found = new Matcher[1];
    await(name + " prints a line matching " + pattern)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Optional<Matcher> match =
                  output(name).lines().map(pattern::matcher).filter(Matcher::find).findFirst();
              if (match.isPresent()) {
                found[0] = match.get();
                return true;
              }
              if (!process.isAlive()) {
                throw new AssertionError(
                    name + " exited with " + process.exitValue() + ": " + output(name));
              }
              return false;
            });
    return found[0];
  }

  /**
   * SIGKILL, the way a machine or an OOM killer ends a process: no shutdown hook, no flush, no
   * commit, a transaction possibly open. Returns once the process is gone.
   */
  void kill(String name) {
    Process process = processes.get(name);
    if (process == null) {
      throw new IllegalArgumentException("no process named " + name + " was started");
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to die", e);
    }
  }

  /** Whether the process {@code name} runs. */
  boolean isAlive(String name) {
    Process process = processes.get(name);
    return process != null && process.isAlive();
  }

  /** Every file this class wrote: each process's output and log. */
  Path logDir() {
    return logDir;
  }

  /** What {@code name} has printed so far. */
  String output(String name) {
    try {
      return Files.readString(outputFile(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + outputFile(name) + ": " + e + ")";
    }
  }

  /** Every process's output and the end of its log, for a failure report. */
  String report(int logLines) {
    StringBuilder report = new StringBuilder();
    for (String name : processes.keySet()) {
      report
          .append("==== ")
          .append(name)
          .append(" output (")
          .append(outputFile(name))
          .append(")\n");
      report.append(output(name));
      report.append("==== ").append(name).append(" log, last ").append(logLines).append(" lines\n");
      try {
        List<String> lines = Files.readAllLines(logFile(name), StandardCharsets.UTF_8);
        lines
            .subList(Math.max(0, lines.size() - logLines), lines.size())
            .forEach(l -> report.append(l).append('\n'));
      } catch (IOException e) {
        report.append("(no log: ").append(e).append(")\n");
      }
    }
    return report.toString();
  }

  /**
   * Stops every process, the first one started (the infrastructure the others use) last: SIGTERM,
   * then SIGKILL for any still running after a grace period.
   */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(processes.values());
    if (all.isEmpty()) {
      return;
    }
    stop(all.subList(1, all.size()));
    stop(all.subList(0, 1));
  }

  private static void stop(List<Process> wave) {
    wave.forEach(p -> p.toHandle().destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (Process process : wave) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private Path outputFile(String name) {
    return logDir.resolve(name + ".out");
  }

  private Path logFile(String name) {
    return logDir.resolve(name + ".log");
  }
}
