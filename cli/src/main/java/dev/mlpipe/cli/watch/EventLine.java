package dev.mlpipe.cli.watch;

import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * One readable line per event for {@code mlpipe watch} and the live view of {@code mlpipe up}: the
 * time, the event, the model, the run, and the facts a person looks for in that event.
 */
public final class EventLine {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private final ZoneId zone;

  public EventLine(ZoneId zone) {
    this.zone = zone;
  }

  /** The line for an event; the facts part is what distinguishes one event type from another. */
  public String format(SpecificRecord event) {
    GenericRecord record = (GenericRecord) event;
    EventMeta meta = (EventMeta) record.get("meta");
    String model = String.valueOf(record.get("model"));
    return String.format(
        Locale.ROOT,
        "%s  %-17s %-18s run %-8s  %s",
        TIME.format(meta.getOccurredAt().atZone(zone)),
        event.getSchema().getName(),
        model,
        shortId(meta.getRunId()),
        facts(event));
  }

  /** The key facts of an event, without time, type, model and run. */
  public static String facts(SpecificRecord event) {
    if (event instanceof CommitPushed e) {
      return "sha=" + shortSha(e.getSha()) + " branch=" + e.getBranch() + quoted(e.getMessage());
    }
    if (event instanceof TrainingStarted e) {
      return "trigger=" + e.getTrigger() + " sha=" + shortSha(e.getCommitSha());
    }
    if (event instanceof TrainingFinished e) {
      return "version="
          + e.getVersion()
          + " recipe="
          + e.getRecipe()
          + " "
          + metrics(e.getMetrics())
          + " artifact="
          + shortSha(e.getArtifact().getSha256())
          + " took="
          + seconds(e.getTrainingMillis() + e.getEvaluationMillis());
    }
    if (event instanceof TrainingFailed e) {
      return "phase=" + e.getPhase() + quoted(e.getReason());
    }
    if (event instanceof ValidationPassed e) {
      return "version=" + e.getVersion() + " " + checks(e.getReport().getChecks());
    }
    if (event instanceof ValidationFailed e) {
      return "version=" + e.getVersion() + " " + checks(e.getReport().getChecks());
    }
    if (event instanceof ModelDeployed e) {
      return "version="
          + e.getVersion()
          + " "
          + e.getEnvironment()
          + " "
          + e.getTrafficPercent()
          + "% "
          + e.getStrategy();
    }
    if (event instanceof DeploymentFailed e) {
      return "version=" + e.getVersion() + " " + e.getEnvironment() + quoted(e.getReason());
    }
    if (event instanceof RolledBack e) {
      return e.getFromVersion()
          + " -> "
          + e.getToVersion()
          + " "
          + (e.getAutomatic() ? "automatic" : "manual")
          + quoted(e.getReason());
    }
    if (event instanceof PredictionLogged e) {
      String output =
          e.getOutputScore() != null
              ? "score=" + round(e.getOutputScore())
              : "items=" + e.getOutputItems().size();
      return "version=" + e.getVersion() + " " + output + " latency=" + e.getLatencyMicros() + "us";
    }
    if (event instanceof FeedbackReceived e) {
      return "prediction=" + shortId(e.getPredictionId()) + " actual=" + round(e.getActual());
    }
    if (event instanceof DriftDetected e) {
      long drifted = e.getFeatures().stream().filter(FeatureDrift::getDrifted).count();
      return e.getKind()
          + " "
          + e.getSeverity()
          + " version="
          + e.getVersion()
          + " features="
          + drifted
          + "/"
          + e.getFeatures().size();
    }
    if (event instanceof PipelineCommand e) {
      return command(e.getCommand()) + " by " + e.getRequestedBy();
    }
    return event.toString();
  }

  private static String command(Object command) {
    if (command instanceof Approve a) {
      return "approve run " + shortId(a.getRunId()) + " for " + a.getEnvironment();
    }
    if (command instanceof Rollback r) {
      return "rollback"
          + (r.getToVersion() == null ? "" : " to " + r.getToVersion())
          + quoted(r.getReason());
    }
    if (command instanceof Promote p) {
      return "promote " + p.getVersion() + " to " + p.getEnvironment();
    }
    if (command instanceof Retrain r) {
      return "retrain" + quoted(r.getReason());
    }
    return String.valueOf(command);
  }

  private static String checks(List<GateCheck> checks) {
    List<String> failed =
        checks.stream().filter(c -> !c.getPassed()).map(GateCheck::getName).toList();
    String summary = (checks.size() - failed.size()) + "/" + checks.size() + " checks passed";
    return failed.isEmpty() ? summary : summary + ", failed: " + String.join(", ", failed);
  }

  /** The metrics people judge a model by come first; the rest in name order. */
  private static final List<String> KEY_METRICS =
      List.of("rmse", "ndcg_at_10", "accuracy", "auc", "mae");

  private static String metrics(Map<String, Double> metrics) {
    List<String> names = new ArrayList<>();
    KEY_METRICS.stream().filter(metrics::containsKey).forEach(names::add);
    new TreeMap<>(metrics).keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names.stream()
        .limit(3)
        .map(n -> n + "=" + round(metrics.get(n)))
        .collect(Collectors.joining(" "));
  }

  private static String round(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static String quoted(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String firstLine = text.strip().lines().findFirst().orElse("");
    return " \"" + (firstLine.length() > 72 ? firstLine.substring(0, 71) + "…" : firstLine) + "\"";
  }

  static String shortSha(String sha) {
    return sha == null ? "-" : sha.substring(0, Math.min(10, sha.length()));
  }

  static String shortId(String id) {
    return id == null ? "-" : id.substring(0, Math.min(8, id.length()));
  }
}
