package dev.mlpipe.cli.simulate;

import picocli.CommandLine.Command;

/** {@code mlpipe simulate}: made-up load for a running pipeline. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates what a pipeline's users do, against a running pipeline.",
      "",
      "  mlpipe simulate traffic --model movielens-recsys --rate 200 --feedback"
    },
    subcommands = {TrafficCommand.class})
public final class SimulateCommand {}
