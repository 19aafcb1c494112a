package dev.mlpipe.cli.gate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mlpipe gate}: the gate policy's tools. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = "The gate policy's tools (policy syntax: gatekeeper/POLICY.md).",
    subcommands = {BacktestCommand.class, CommandLine.HelpCommand.class})
public final class GateCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
