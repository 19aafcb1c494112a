package dev.mlpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlpipe} command. */
@Command(
    name = "mlpipe",
    mixinStandardHelpOptions = true,
    version = "mlpipe 0.1.0",
    description = "Continuous delivery for machine-learning models, as events on Kafka.")
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
