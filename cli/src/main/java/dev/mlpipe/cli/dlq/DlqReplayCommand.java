package dev.mlpipe.cli.dlq;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.dlq.DeadLetterQueue;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe dlq replay TOPIC --offset N | --all}: sends dead letters back. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Sends dead letters back to the topic they failed on: the original key and value bytes and"
          + " headers, without the error headers, with mlpipe.replay.from naming the dead letter."
          + " Fix the cause first, or the record comes back to the dead-letter topic.",
      "--all replays the dead letters no earlier --all replayed (their position is kept as the"
          + " consumer group mlpipe-dlq-replay), so running it twice sends nothing twice."
    })
public final class DlqReplayCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The dead-letter topic.")
  String topic;

  @ArgGroup(multiplicity = "1")
  Which which;

  /** One dead letter, or all. */
  static final class Which {
    @Option(names = "--offset", paramLabel = "N", description = "The dead letter at offset N.")
    Long offset;

    @Option(names = "--all", description = "Every dead letter not replayed by an earlier --all.")
    boolean all;
  }

  @Option(
      names = "--partition",
      paramLabel = "P",
      defaultValue = "0",
      description = "The partition of --offset (default: ${DEFAULT-VALUE}).")
  int partition;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DeadLetterQueue dlq = DeadLetterQueue.connect(connection.bootstrap(), Clock.systemUTC())) {
      List<DeadLetterQueue.Replayed> replayed =
          which.all ? dlq.replayAll(topic) : List.of(dlq.replay(topic, partition, which.offset));
      if (replayed.isEmpty()) {
        out.println("nothing to replay: every dead letter of " + topic + " was replayed before");
      }
      for (DeadLetterQueue.Replayed r : replayed) {
        out.println(
            "replayed " + r.from() + " -> " + r.to() + "-" + r.partition() + "@" + r.offset());
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2, e);
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage(), 1, e);
    }
    out.flush();
    return 0;
  }
}
