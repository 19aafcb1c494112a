package dev.mlpipe.cli.up;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.Run;
import dev.mlpipe.console.runs.RunFormat;
import dev.mlpipe.console.runs.StageName;
import dev.mlpipe.console.runs.StageResult;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's closing table: one row per run (its trigger, each stage's duration, the version, its
 * key metrics and where it ended; its model too when there are several), then a line counting the
 * drift alarms, which are runs of their own without stages. Pure: runs in, text out.
 */
final class DemoSummary {

  private static final String[] HEADER = {
    "RUN",
    "TRIGGER",
    "TRAIN",
    "GATE",
    "STAGING",
    "PRODUCTION",
    "VERSION",
    "RMSE",
    "NDCG@10",
    "OUTCOME"
  };

  private DemoSummary() {}

  private static final String IN_PRODUCTION = "in production";

  /**
   * One row of the table.
   *
   * @param cells the cells, in {@link #HEADER}'s order
   */
  record Row(List<String> cells) {
    Row {
      cells = List.copyOf(cells);
    }
  }

  /**
   * The header of the table of several models' runs ({@code up --demo=all}): each row names its
   * model, and one METRICS cell gives the key metrics of whatever kind of model it is.
   */
  private static final String[] SEVERAL_MODELS_HEADER = {
    "RUN",
    "MODEL",
    "TRIGGER",
    "TRAIN",
    "GATE",
    "STAGING",
    "PRODUCTION",
    "VERSION",
    "METRICS",
    "OUTCOME"
  };

  /** The metrics shown for a run of several models' table, the first two the run has. */
  private static final List<String> KEY_METRICS =
      List.of("rmse", "ndcg_at_10", "roc_auc", "pr_auc", "r2", "f1");

  /** The rows of the runs that reached a stage, oldest first. */
  static List<Row> rows(List<Run> runs) {
    return rows(runs, false);
  }

  /**
   * The rows of the runs that reached a stage, oldest first; with {@code severalModels} in {@link
   * #SEVERAL_MODELS_HEADER}'s shape.
   */
  static List<Row> rows(List<Run> runs, boolean severalModels) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (run.stages().isEmpty()) {
        continue;
      }
      Optional<TrainingFinished> finished = first(run, TrainingFinished.class);
      List<String> cells = new ArrayList<>();
      cells.add(RunFormat.shortId(run.runId()));
      if (severalModels) {
        cells.add(run.model());
      }
      cells.add(run.trigger());
      cells.add(duration(run, StageName.TRAINING));
      cells.add(duration(run, StageName.VALIDATION));
      cells.add(duration(run, StageName.STAGING));
      cells.add(duration(run, StageName.PRODUCTION));
      cells.add(run.version().orElse("-"));
      if (severalModels) {
        cells.add(keyMetrics(finished));
      } else {
        cells.add(metric(finished, "rmse"));
        cells.add(metric(finished, "ndcg_at_10"));
      }
      cells.add(outcome(run, runs.subList(i + 1, runs.size())));
      rows.add(new Row(cells));
    }
    return rows;
  }

  private static String keyMetrics(Optional<TrainingFinished> finished) {
    if (finished.isEmpty()) {
      return "-";
    }
    Map<String, Double> metrics = finished.get().getMetrics();
    return KEY_METRICS.stream()
        .filter(metrics::containsKey)
        .limit(2)
        .map(m -> m + " " + String.format(Locale.ROOT, "%.4f", metrics.get(m)))
        .reduce((a, b) -> a + ", " + b)
        .orElse("-");
  }

  /** Drift alarms by kind, e.g. {@code {data=2}}: the runs that hold only a DriftDetected. */
  static Map<String, Integer> driftAlarms(List<Run> runs) {
    Map<String, Integer> alarms = new TreeMap<>();
    for (Run run : runs) {
      if (run.stages().isEmpty()) {
        for (PipelineEvent event : run.timeline()) {
          if (event.value() instanceof DriftDetected d) {
            alarms.merge(d.getKind().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
          }
        }
      }
    }
    return alarms;
  }

  /** The whole table, aligned, with the drift alarms' line under it. */
  static String format(List<Run> runs) {
    boolean severalModels =
        runs.stream().filter(r -> !r.stages().isEmpty()).map(Run::model).distinct().count() > 1;
    String[] header = severalModels ? SEVERAL_MODELS_HEADER : HEADER;
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of(header));
    rows(runs, severalModels).forEach(r -> lines.add(r.cells()));
    int[] widths = new int[header.length];
    for (List<String> line : lines) {
      for (int c = 0; c < line.size(); c++) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < line.size(); c++) {
        text.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", line.get(c)));
        if (c < line.size() - 1) {
          text.append("  ");
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    Map<String, Integer> alarms = driftAlarms(runs);
    if (!alarms.isEmpty()) {
      List<String> parts = new ArrayList<>();
      alarms.forEach((kind, n) -> parts.add(kind + " x" + n));
      out.append("drift alarms: ").append(String.join(", ", parts)).append('\n');
    }
    return out.toString();
  }

  private static String duration(Run run, StageName stage) {
    return RunFormat.duration(run.stage(stage).flatMap(StageResult::duration));
  }

  private static String metric(Optional<TrainingFinished> finished, String name) {
    return finished
        .map(f -> f.getMetrics().get(name))
        .map(v -> String.format(Locale.ROOT, "%.4f", v))
        .orElse("-");
  }

  /** The run's outcome; a version in production that a later run's version replaced says so. */
  private static String outcome(Run run, List<Run> later) {
    Optional<ValidationFailed> failed = first(run, ValidationFailed.class);
    if (failed.isPresent()) {
      List<String> checks =
          failed.get().getReport().getChecks().stream()
              .filter(c -> !c.getPassed())
              .map(GateCheck::getName)
              .toList();
      return "rejected by the gate" + (checks.isEmpty() ? "" : ": " + String.join(", ", checks));
    }
    String status = run.status();
    if (status.equals(IN_PRODUCTION)) {
      Optional<String> successor =
          later.stream()
              .filter(r -> r.model().equals(run.model()) && r.status().equals(IN_PRODUCTION))
              .findFirst()
              .flatMap(Run::version);
      if (successor.isPresent()) {
        return "was in production, replaced by " + successor.get();
      }
    }
    return status;
  }

  private static <T> Optional<T> first(Run run, Class<T> type) {
    return run.timeline().stream()
        .map(PipelineEvent::value)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst();
  }
}
