package dev.mlpipe.cli.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlpipe dlq}: lists and replays dead letters. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
      "Dead letters: records a stage could not process, kept unchanged in <topic>.dlq with"
          + " error headers (exception, message, stage, where it was read).",
      "",
      "Examples:",
      "  mlpipe dlq list",
      "  mlpipe dlq list mlpipe.commit.dlq",
      "  mlpipe dlq replay mlpipe.commit.dlq --offset 41",
      "  mlpipe dlq replay mlpipe.commit.dlq --all"
    },
    subcommands = {DlqListCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
