package dev.mlpipe.cli.runs;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.text.RunText;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe runs}: one row per run, newest first, with each stage's outcome and duration. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the pipeline's runs, newest first: one row per run id from its commit (or drift"
          + " alarm) to its latest event, with each stage's outcome and duration. Reads the topics"
          + " from the beginning; joins no consumer group.",
      "",
      "Examples:",
      "  mlpipe runs",
      "  mlpipe runs --model movielens-recsys --limit 5",
      "  mlpipe trace RUN_ID            (why a run's version is where it is)"
    })
public final class RunsCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(names = "--model", paramLabel = "MODEL", description = "Only this model's runs.")
  String model;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Show at most N runs, the newest (default: ${DEFAULT-VALUE}; 0 = all).")
  int limit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new UserError("--limit must be 0 or more, was " + limit, 2, null);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Run> all = EventHistory.runs(connection, spec.commandLine().getErr());
    List<Run> runs = new ArrayList<>();
    for (Run run : all) {
      if (model == null || model.equals(run.model())) {
        runs.add(run);
      }
    }
    if (runs.isEmpty()) {
      out.println(empty(all));
      out.flush();
      return 0;
    }
    Collections.reverse(runs);
    List<Run> shown = limit == 0 ? runs : runs.subList(0, Math.min(limit, runs.size()));
    out.print(new RunText(ZoneId.systemDefault()).runs(shown));
    if (shown.size() < runs.size()) {
      out.println(
          "("
              + shown.size()
              + " of "
              + runs.size()
              + " runs; --limit 0 shows all, `mlpipe trace RUN` shows one)");
    }
    out.flush();
    return 0;
  }

  private String empty(List<Run> all) {
    if (model == null) {
      return "no runs yet on "
          + connection.bootstrap()
          + "; `mlpipe publish commit` starts one, `mlpipe up --demo` runs a demo";
    }
    TreeSet<String> models = new TreeSet<>();
    all.forEach(r -> models.add(r.model()));
    return "no runs of model '"
        + model
        + "'"
        + (models.isEmpty() ? "" : "; models with runs: " + String.join(", ", models));
  }
}
