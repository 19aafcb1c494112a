package dev.mlpipe.cli.drift;

import picocli.CommandLine.Command;

/** {@code mlpipe drift}: what the drift monitor found. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "What the drift monitor found.",
      "",
      "  mlpipe drift report MODEL",
      "  mlpipe drift backfill MODEL --since TIME"
    },
    subcommands = {DriftReportCommand.class, DriftBackfillCommand.class})
public final class DriftCommand {}
