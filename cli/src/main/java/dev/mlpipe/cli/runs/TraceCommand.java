package dev.mlpipe.cli.runs;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunFormat;
import dev.mlpipe.console.runs.Runs;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.console.text.RunText;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe trace RUN_ID}: why a run's version is where it is. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = {
      "Shows why a run's version is where it is, every fact with its time: the commit, the data"
          + " hash, the artifact's sha256, the gate's policy hash and every check, approvals,"
          + " rollout steps, failures and rollbacks.",
      "",
      "Examples:",
      "  mlpipe trace 7f3a1b2c          (a run id, or the first characters of one)"
    })
public final class TraceCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(
      paramLabel = "RUN_ID",
      description = "The run's id, or its first characters as `mlpipe runs` shows them.")
  String runId;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String wanted = runId.trim();
    if (wanted.isEmpty()) {
      throw new UserError("RUN_ID must not be blank; `mlpipe runs` lists the runs", 2, null);
    }
    List<Run> runs = EventHistory.runs(connection, spec.commandLine().getErr());
    List<Run> matching = Runs.matching(runs, wanted);
    if (matching.isEmpty()) {
      throw new UserError(
          "no run '"
              + wanted
              + "' on "
              + connection.bootstrap()
              + " ("
              + runs.size()
              + " runs there); `mlpipe runs` lists them");
    }
    if (matching.size() > 1) {
      throw new UserError(
          "'"
              + wanted
              + "' is the start of "
              + matching.size()
              + " run ids ("
              + matching.stream()
                  .limit(5)
                  .map(r -> RunFormat.shortId(r.runId()) + "…")
                  .collect(Collectors.joining(", "))
              + "); give more characters");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(new RunText(ZoneId.systemDefault()).trace(Trace.of(matching.get(0))));
    out.flush();
    return 0;
  }
}
