package dev.mlpipe.cli.data;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlpipe data}: data sets for model authors, demos and tests. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Makes data sets: `mlpipe data generate --help`.",
    subcommands = {GenerateDataCommand.class})
public final class DataCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
