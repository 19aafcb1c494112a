package dev.mlpipe.cli.dlq;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.dlq.DeadLetterEntry;
import dev.mlpipe.console.dlq.DeadLetterQueue;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe dlq list [TOPIC]}: the dead-letter topics, or one topic's dead letters. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Without TOPIC: every dead-letter topic and how many records it holds. With TOPIC: its dead"
          + " letters with partition, offset, time, key and the error (exception, message, stage)."
    })
public final class DlqListCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TOPIC",
      description = "A dead-letter topic, e.g. the commit topic's: <topic>.dlq.")
  String topic;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "Show at most N dead letters (default: ${DEFAULT-VALUE}).")
  int limit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new UserError("--limit must be 1 or more, was " + limit, 2, null);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DeadLetterQueue dlq = DeadLetterQueue.connect(connection.bootstrap(), Clock.systemUTC())) {
      if (topic == null) {
        List<DeadLetterQueue.QueueSummary> queues = dlq.queues();
        if (queues.isEmpty()) {
          out.println("no dead-letter topics on " + connection.bootstrap());
        } else {
          out.printf(Locale.ROOT, "%-40s %-36s %8s%n", "DEAD-LETTER TOPIC", "SOURCE", "RECORDS");
          for (DeadLetterQueue.QueueSummary q : queues) {
            out.printf(Locale.ROOT, "%-40s %-36s %8d%n", q.topic(), q.source(), q.records());
          }
        }
      } else {
        List<DeadLetterEntry> entries = dlq.list(topic, limit);
        if (entries.isEmpty()) {
          out.println(topic + " holds no dead letters");
        }
        for (DeadLetterEntry e : entries) {
          out.println(render(e));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UserError(e.getMessage(), 1, e);
    }
    out.flush();
    return 0;
  }

  /** One dead letter on one line, then its error indented. */
  static String render(DeadLetterEntry e) {
    StringBuilder s = new StringBuilder();
    s.append(e.partition())
        .append('@')
        .append(e.offset())
        .append("  ")
        .append(e.timestamp())
        .append("  key=")
        .append(e.key())
        .append("  ")
        .append(e.sizeBytes())
        .append(" bytes");
    e.replayedFrom()
        .ifPresent(r -> s.append("  (failed again after replay of ").append(r).append(')'));
    if (e.error().isEmpty()) {
      s.append(System.lineSeparator()).append("    no error headers");
    }
    e.error()
        .ifPresent(
            d -> {
              s.append(System.lineSeparator())
                  .append("    ")
                  .append(d.exceptionClass())
                  .append(": ")
                  .append(d.message());
              s.append(System.lineSeparator())
                  .append("    failed in ")
                  .append(d.stage().orElse("?"))
                  .append(" on ")
                  .append(d.topic())
                  .append('-')
                  .append(d.partition())
                  .append('@')
                  .append(d.offset())
                  .append(d.failedAt().map(t -> " at " + t).orElse(""));
            });
    return s.toString();
  }
}
