package dev.mlpipe.cli.drift;

import picocli.CommandLine.Command;

/** {@code mlpipe drift}: what the drift monitor found. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {"What the drift monitor found.", "", "  mlpipe drift report MODEL"},
    subcommands = {DriftReportCommand.class})
public final class DriftCommand {}
