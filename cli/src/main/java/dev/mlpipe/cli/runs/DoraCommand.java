package dev.mlpipe.cli.runs;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.Durations;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.runs.Dora;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.text.RunText;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe dora}: the four delivery figures per model and week. */
@Command(
    name = "dora",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the delivery (DORA) figures computed from the events, per model and ISO week (UTC),"
          + " and each model's total:",
      "  DEPLOYS              versions that reached 100% of production",
      "  LEAD TIME            median time from the commit to 100% of production (and staging)",
      "  CHANGE FAILURE RATE  production rollouts that failed or were rolled back (failed/all)",
      "  TIME TO RESTORE      median time from a version's first production traffic to its"
          + " rollback",
      "",
      "Examples:",
      "  mlpipe dora",
      "  mlpipe dora --model movielens-recsys --since 30d",
      "  mlpipe dora --since 2026-11-01"
    })
public final class DoraCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(names = "--model", paramLabel = "MODEL", description = "Only this model.")
  String model;

  @Option(
      names = "--since",
      paramLabel = "DATE|DURATION",
      description = "Only facts from this date (2026-11-01, UTC) or this long ago (30d, 12h) on.")
  String since;

  @Spec CommandSpec spec;

  private final Clock clock;

  public DoraCommand() {
    this(Clock.systemUTC());
  }

  DoraCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    Instant from = since == null ? Instant.EPOCH : parseSince(since, clock);
    List<Run> runs = EventHistory.runs(connection, spec.commandLine().getErr());
    Optional<String> only = Optional.ofNullable(model);
    List<Dora.Figures> weekly = Dora.weekly(runs, only, from);
    PrintWriter out = spec.commandLine().getOut();
    if (weekly.isEmpty()) {
      out.println(
          "no deployments, rollouts or commits to measure"
              + (model == null ? "" : " for model '" + model + "'")
              + (since == null ? "" : " since " + from)
              + "; `mlpipe runs` lists the runs");
    } else {
      out.print(new RunText(ZoneId.systemDefault()).dora(weekly, Dora.overall(runs, only, from)));
    }
    out.flush();
    return 0;
  }

  /** A date (start of the day, UTC) or a duration back from now. */
  static Instant parseSince(String text, Clock clock) {
    String value = text.trim();
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return clock.instant().minus(Durations.parse(value));
      } catch (IllegalArgumentException notADuration) {
        throw new UserError(
            "--since '"
                + text
                + "' is neither a date nor a duration; write e.g. 2026-11-01, 30d or 12h",
            2,
            notADuration);
      }
    }
  }
}
