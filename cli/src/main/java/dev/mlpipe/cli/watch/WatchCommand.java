package dev.mlpipe.cli.watch;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.Durations;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe watch}: the pipeline's events, decoded, as they happen. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the pipeline's events live, one readable line each (time, event, model, run, key"
          + " facts), or one JSON object per line with --json. Reads committed events only and"
          + " joins no consumer group, so watching never disturbs a stage.",
      "",
      "Examples:",
      "  mlpipe watch                                     (every pipeline topic, from now on)",
      "  mlpipe watch --topic mlpipe.commit --from-beginning --max 1 --json",
      "  mlpipe watch --all --timeout 30s                 (dead-letter topics too)"
    })
public final class WatchCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "A topic to watch (repeatable). Default: every pipeline topic.")
  List<String> topics = new ArrayList<>();

  @Option(names = "--all", description = "Every pipeline topic and every dead-letter topic.")
  boolean all;

  @Option(names = "--from-beginning", description = "Start at the oldest retained event.")
  boolean fromBeginning;

  @Option(
      names = "--json",
      description = "One JSON object per line: topic, partition, offset, key, value.")
  boolean json;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stop after N events (exit 1 if the timeout comes first).")
  long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "Stop after this long, e.g. 30s, 2m (default: run until Ctrl-C).")
  Duration timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (max < 0) {
      throw new UserError("--max must be 0 or more, was " + max, 2, null);
    }
    if (all && !topics.isEmpty()) {
      throw new UserError("give either --topic or --all, not both", 2, null);
    }
    Set<String> names = new LinkedHashSet<>();
    for (String topic : topics) {
      names.add(Topics.isDeadLetterTopic(topic) ? topic : Topics.require(topic).name());
    }
    if (names.isEmpty()) {
      for (Topic<?> topic : Topics.ALL) {
        names.add(topic.name());
        if (all) {
          names.add(topic.deadLetterTopic());
        }
      }
    }
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    PrintWriter out = spec.commandLine().getOut();
    try (EventCodec codec = EventCodec.connect(connection.registry());
        EventTail tail = new EventTail(clients)) {
      EventPrinter printer = new EventPrinter(codec, new EventLine(ZoneId.systemDefault()), json);
      tail.assign(names, fromBeginning);
      Thread hook = new Thread(tail::stop, "mlpipe-watch-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      long seen =
          tail.run(
              record -> {
                out.println(printer.print(record));
                out.flush();
                return true;
              },
              max,
              timeout);
      if (max > 0 && seen < max) {
        spec.commandLine()
            .getErr()
            .println(
                "mlpipe: saw "
                    + seen
                    + " of "
                    + max
                    + " events before the timeout of "
                    + timeout.toSeconds()
                    + "s");
        return 1;
      }
      return 0;
    }
  }
}
