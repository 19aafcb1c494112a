package dev.mlpipe.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Runs Kafka's own perf tools (kafka-tools) in this JVM and reads their printed results. They print
 * to {@code System.out}, so it is redirected while a tool runs; their {@code Exit.exit} on error is
 * turned into an exception so a failing baseline fails the benchmark instead of the JVM.
 */
public final class KafkaTools {

  private static final Pattern PRODUCER_TOTAL =
      Pattern.compile(
          "^(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg"
              + " latency.*50th.*$");

  private KafkaTools() {}

  /** What ProducerPerformance reported for the whole run. */
  public record ProducerReport(
      long records, double recordsPerSec, double mbPerSec, String output) {}

  /** What ConsumerPerformance reported: every column of its result line by header name. */
  public record ConsumerReport(
      long records, double recordsPerSec, double fetchRecordsPerSec, String output) {}

  /** Runs {@code ProducerPerformance} with these arguments and parses its total line. */
  public static ProducerReport producerPerformance(List<String> args) throws Exception {
    String out = captureStdout("ProducerPerformance", () -> ProducerPerformance.main(array(args)));
    return parseProducerOutput(out);
  }

  /** Runs {@code ConsumerPerformance} with these arguments and parses its result line. */
  public static ConsumerReport consumerPerformance(List<String> args) throws Exception {
    String out = captureStdout("ConsumerPerformance", () -> ConsumerPerformance.main(array(args)));
    return parseConsumerOutput(out);
  }

  /** What EndToEndLatency reported, in milliseconds. */
  public record LatencyReport(
      double averageMs, long p50Ms, long p99Ms, long p999Ms, String output) {}

  private static final Pattern LATENCY_AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");
  private static final Pattern LATENCY_PERCENTILES =
      Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

  /**
   * Runs {@code EndToEndLatency} (one record at a time: send, wait until a consumer reads it) with
   * these arguments. Its {@code main} ends the process, so its non-exiting entry point is called.
   */
  public static LatencyReport endToEndLatency(List<String> args) throws Exception {
    java.lang.reflect.Method execute =
        org.apache.kafka.tools.EndToEndLatency.class.getDeclaredMethod("execute", String[].class);
    execute.setAccessible(true);
    String out = captureStdout("EndToEndLatency", () -> execute.invoke(null, (Object) array(args)));
    return parseLatencyOutput(out);
  }

  static LatencyReport parseLatencyOutput(String out) {
    Matcher average = LATENCY_AVERAGE.matcher(out);
    Matcher percentiles = LATENCY_PERCENTILES.matcher(out);
    if (!average.find() || !percentiles.find()) {
      throw new IllegalStateException(
          "EndToEndLatency printed no 'Avg latency' and 'Percentiles' lines; its output was:\n"
              + out);
    }
    return new LatencyReport(
        Double.parseDouble(average.group(1)),
        Long.parseLong(percentiles.group(1)),
        Long.parseLong(percentiles.group(2)),
        Long.parseLong(percentiles.group(3)),
        out);
  }

  /**
   * The whole-run total of ProducerPerformance's output (not its interim or steady-state lines).
   */
  static ProducerReport parseProducerOutput(String out) {
    ProducerReport report = null;
    for (String line : out.split("\\R")) {
      Matcher m = PRODUCER_TOTAL.matcher(line.trim());
      if (m.matches() && !line.contains("steady state")) {
        report =
            new ProducerReport(
                Long.parseLong(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                out);
      }
    }
    if (report == null) {
      throw new IllegalStateException(
          "ProducerPerformance printed no total line; its output was:\n" + out);
    }
    return report;
  }

  /** The result row of ConsumerPerformance's output, read by its header's column names. */
  static ConsumerReport parseConsumerOutput(String out) {
    String[] lines = out.split("\\R");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].startsWith("start.time")) {
        Map<String, String> row = columns(lines[i], lines[i + 1]);
        return new ConsumerReport(
            Long.parseLong(require(row, "data.consumed.in.nMsg", out)),
            Double.parseDouble(require(row, "nMsg.sec", out)),
            Double.parseDouble(require(row, "fetch.nMsg.sec", out)),
            out);
      }
    }
    throw new IllegalStateException(
        "ConsumerPerformance printed no result table; its output was:\n" + out);
  }

  private static Map<String, String> columns(String header, String values) {
    String[] names = header.split(",\\s*");
    String[] cells = values.split(",\\s*");
    if (names.length != cells.length) {
      throw new IllegalStateException(
          "ConsumerPerformance printed "
              + cells.length
              + " values for "
              + names.length
              + " columns: '"
              + values
              + "' under '"
              + header
              + "'");
    }
    Map<String, String> row = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      row.put(names[i].trim(), cells[i].trim());
    }
    return row;
  }

  private static String require(Map<String, String> row, String column, String out) {
    String value = row.get(column);
    if (value == null) {
      throw new IllegalStateException(
          "ConsumerPerformance printed no column " + column + "; its output was:\n" + out);
    }
    return value;
  }

  /** A tool's main method. */
  @FunctionalInterface
  interface ToolMain {
    void run() throws Exception;
  }

  private static synchronized String captureStdout(String tool, ToolMain main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Exit.setExitProcedure(
        (status, message) -> {
          throw new IllegalStateException(
              tool + " exited with status " + status + (message == null ? "" : ": " + message));
        });
    System.setOut(capture);
    try {
      main.run();
    } catch (RuntimeException e) {
      capture.flush();
      throw new IllegalStateException(
          tool
              + " failed: "
              + e.getMessage()
              + "; its output was:\n"
              + buffer.toString(StandardCharsets.UTF_8),
          e);
    } finally {
      System.setOut(original);
      Exit.resetExitProcedure();
    }
    capture.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static String[] array(List<String> args) {
    return args.toArray(String[]::new);
  }
}
