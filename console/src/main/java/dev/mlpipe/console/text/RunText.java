package dev.mlpipe.console.text;

import dev.mlpipe.console.runs.Dora;
import dev.mlpipe.console.runs.Outcome;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunFormat;
import dev.mlpipe.console.runs.StageName;
import dev.mlpipe.console.runs.StageResult;
import dev.mlpipe.console.runs.Trace;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Runs, a trace and delivery figures as text for a terminal. */
public final class RunText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final ZoneId zone;

  /**
   * @param zone the zone times are shown in
   */
  public RunText(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** One row per run, in the order given, with each stage's outcome and duration. */
  public String runs(List<Run> runs) {
    TextTable table =
        new TextTable(
            "RUN",
            "MODEL",
            "TRIGGER",
            "STARTED",
            "TRAINING",
            "VALIDATION",
            "STAGING",
            "PRODUCTION",
            "TOOK",
            "STATUS");
    for (Run run : runs) {
      table.row(
          RunFormat.shortId(run.runId()),
          run.model(),
          run.trigger(),
          time(run.started()),
          cell(run, StageName.TRAINING),
          cell(run, StageName.VALIDATION),
          cell(run, StageName.STAGING),
          cell(run, StageName.PRODUCTION),
          RunFormat.duration(run.elapsed()),
          run.status());
    }
    return table.render();
  }

  /** A stage's cell: {@code ok 10s}, {@code FAILED 3.0s}, {@code running}, or {@code -}. */
  public static String cell(Run run, StageName stage) {
    return run.stage(stage)
        .map(
            s ->
                switch (s.outcome()) {
                  case RUNNING -> "running";
                  case SUCCEEDED -> "ok " + RunFormat.duration(s.duration());
                  case FAILED -> "FAILED " + RunFormat.duration(s.duration());
                  case ROLLED_BACK -> "ROLLED BACK " + RunFormat.duration(s.duration());
                })
        .orElse("-");
  }

  /** Why the run's version is where it is, every fact with its time. */
  public String trace(Trace trace) {
    Run run = trace.run();
    StringBuilder out = new StringBuilder();
    out.append("run ")
        .append(run.runId())
        .append(" of ")
        .append(run.model())
        .append(": ")
        .append(run.status())
        .append(" (")
        .append(RunFormat.duration(run.elapsed()))
        .append(" from ")
        .append(time(run.started()))
        .append(" to ")
        .append(time(run.lastEvent()))
        .append(")\n\n");
    trace
        .commit()
        .ifPresent(
            c -> {
              CommitPushed e = c.event();
              line(
                  out,
                  "commit",
                  c.at(),
                  e.getSha() + " on " + e.getBranch() + " of " + e.getRepo());
              more(
                  out,
                  "author "
                      + blankAsDash(e.getAuthor())
                      + ": \""
                      + firstLine(e.getMessage())
                      + "\"");
              more(out, "spec " + e.getSpecPath());
            });
    trace
        .drift()
        .ifPresent(
            d -> {
              DriftDetected e = d.event();
              line(
                  out,
                  "drift",
                  d.at(),
                  e.getKind() + " " + e.getSeverity() + " on version " + e.getVersion());
            });
    trace
        .training()
        .ifPresent(
            t -> {
              TrainingFinished e = t.event();
              line(
                  out,
                  "training",
                  t.at(),
                  "version "
                      + e.getVersion()
                      + ", recipe "
                      + e.getRecipe()
                      + ", "
                      + RunFormat.duration(Duration.ofMillis(e.getTrainingMillis()))
                      + " training + "
                      + RunFormat.duration(Duration.ofMillis(e.getEvaluationMillis()))
                      + " evaluation");
              more(out, "data      sha256 " + e.getDataHash());
              more(out, "holdout   sha256 " + e.getEvalSplitHash());
              more(out, "artifact  sha256 " + e.getArtifact().getSha256());
              more(out, "          " + e.getArtifact().getUri());
              more(out, "metrics   " + metrics(e.getMetrics()));
            });
    trace
        .trainingFailure()
        .ifPresent(
            f -> {
              TrainingFailed e = f.event();
              line(
                  out,
                  "training",
                  f.at(),
                  "FAILED in " + e.getPhase() + ": " + firstLine(e.getReason()));
            });
    trace
        .gate()
        .ifPresent(
            g -> {
              line(
                  out,
                  "gate",
                  g.at(),
                  (g.passed() ? "PASSED" : "FAILED")
                      + " version "
                      + g.version()
                      + (g.report().getChampionVersion() == null
                          ? ", no champion"
                          : ", against champion " + g.report().getChampionVersion()));
              more(out, "policy    sha256 " + g.report().getPolicyHash());
              for (GateCheck check : g.report().getChecks()) {
                more(out, check(check));
              }
              for (String warning : g.report().getWarnings()) {
                more(out, "warning: " + warning);
              }
            });
    for (Trace.Approval a : trace.approvals()) {
      line(out, "approval", a.at(), a.environment() + " by " + a.by());
    }
    for (Trace.Timed<ModelDeployed> step : trace.rollout()) {
      ModelDeployed e = step.event();
      line(
          out,
          "rollout",
          step.at(),
          String.format(
              Locale.ROOT,
              "%-10s %-10s %3d%%%s",
              e.getEnvironment(),
              e.getStrategy(),
              e.getTrafficPercent(),
              e.getApprovedBy() == null ? "" : " approved by " + e.getApprovedBy()));
    }
    for (Trace.Timed<DeploymentFailed> f : trace.deploymentFailures()) {
      DeploymentFailed e = f.event();
      line(out, "failed", f.at(), e.getEnvironment() + ": " + firstLine(e.getReason()));
    }
    for (Trace.Timed<RolledBack> r : trace.rollbacks()) {
      RolledBack e = r.event();
      line(
          out,
          "rollback",
          r.at(),
          e.getEnvironment()
              + " "
              + e.getFromVersion()
              + " -> "
              + e.getToVersion()
              + (e.getAutomatic()
                  ? " (automatic)"
                  : " (manual"
                      + (e.getRequestedBy() == null ? ")" : ", by " + e.getRequestedBy() + ")"))
              + ": "
              + firstLine(e.getReason()));
    }
    out.append('\n');
    for (StageResult s : run.stages()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-11s %-12s %-8s %s%n",
              s.stage().label(),
              s.outcome().label(),
              s.outcome() == Outcome.RUNNING ? "" : RunFormat.duration(s.duration()),
              s.detail()));
    }
    return out.toString();
  }

  /** Delivery figures, one row per model and week, each model followed by its total. */
  public String dora(List<Dora.Figures> weekly, List<Dora.Figures> overall) {
    TextTable table =
        new TextTable(
            "MODEL",
            "WEEK",
            "DEPLOYS",
            "LEAD TIME TO PROD",
            "LEAD TIME TO STAGING",
            "CHANGE FAILURE RATE",
            "TIME TO RESTORE");
    Map<String, List<Dora.Figures>> byModel =
        new TreeMap<>(weekly.stream().collect(Collectors.groupingBy(Dora.Figures::model)));
    for (Map.Entry<String, List<Dora.Figures>> model : byModel.entrySet()) {
      model.getValue().forEach(f -> row(table, f));
      overall.stream().filter(f -> f.model().equals(model.getKey())).forEach(f -> row(table, f));
    }
    return table.render();
  }

  private static void row(TextTable table, Dora.Figures f) {
    table.row(
        f.model(),
        f.week(),
        String.valueOf(f.deployments()),
        RunFormat.duration(f.leadTimeToProduction()),
        RunFormat.duration(f.leadTimeToStaging()),
        RunFormat.percent(f.changeFailureRate())
            + " ("
            + f.failedChanges()
            + "/"
            + f.productionChanges()
            + ")",
        RunFormat.duration(f.timeToRestore())
            + (f.restores() == 0 ? "" : " (" + f.restores() + ")"));
  }

  private static String check(GateCheck c) {
    StringBuilder s = new StringBuilder(c.getPassed() ? "[ok]   " : "[FAIL] ");
    s.append(c.getName()).append(" (").append(c.getSeverity()).append("): ").append(c.getMetric());
    if (c.getCandidateValue() != null) {
      s.append(' ').append(number(c.getCandidateValue()));
    }
    s.append(' ').append(c.getComparator());
    if (c.getThreshold() != null) {
      s.append(' ').append(number(c.getThreshold()));
    }
    if (c.getChampionValue() != null) {
      s.append(", champion ").append(number(c.getChampionValue()));
    }
    return s.append(" - ").append(firstLine(c.getReason())).toString();
  }

  private void line(StringBuilder out, String label, Instant at, String text) {
    out.append(String.format(Locale.ROOT, "%-9s %s  %s%n", label, time(at), text));
  }

  private static void more(StringBuilder out, String text) {
    out.append(" ".repeat(31)).append(text).append('\n');
  }

  private String time(Instant at) {
    return TIME.format(at.atZone(zone));
  }

  private static String metrics(Map<String, Double> metrics) {
    return metrics.isEmpty()
        ? "-"
        : new TreeMap<>(metrics)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + number(e.getValue()))
                .collect(Collectors.joining(" "));
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }

  private static String blankAsDash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }
}
