package dev.mlpipe.console.feed;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import org.apache.avro.specific.SpecificRecord;

/** The key facts of an event in a few words, for the live list. */
public final class EventSummary {

  private EventSummary() {}

  public static String of(SpecificRecord event) {
    if (event instanceof CommitPushed e) {
      return "sha " + head(e.getSha(), 10) + " on " + e.getBranch();
    }
    if (event instanceof TrainingStarted e) {
      return e.getTrigger() + " sha " + head(e.getCommitSha(), 10);
    }
    if (event instanceof TrainingFinished e) {
      return "version " + e.getVersion() + " " + e.getRecipe() + " " + e.getMetrics();
    }
    if (event instanceof TrainingFailed e) {
      return e.getPhase() + ": " + head(e.getReason(), 80);
    }
    if (event instanceof ValidationPassed e) {
      return "version " + e.getVersion() + " passed";
    }
    if (event instanceof ValidationFailed e) {
      return "version " + e.getVersion() + " failed";
    }
    if (event instanceof ModelDeployed e) {
      return e.getVersion() + " " + e.getEnvironment() + " " + e.getTrafficPercent() + "%";
    }
    if (event instanceof DeploymentFailed e) {
      return e.getVersion() + " " + e.getEnvironment() + ": " + head(e.getReason(), 80);
    }
    if (event instanceof RolledBack e) {
      return e.getFromVersion() + " -> " + e.getToVersion() + ": " + head(e.getReason(), 80);
    }
    if (event instanceof PredictionLogged e) {
      return e.getVersion() + " " + e.getLatencyMicros() + "us";
    }
    if (event instanceof FeedbackReceived e) {
      return "prediction " + head(e.getPredictionId(), 8) + " actual " + e.getActual();
    }
    if (event instanceof DriftDetected e) {
      return e.getKind() + " " + e.getSeverity() + " on " + e.getVersion();
    }
    if (event instanceof PipelineCommand e) {
      return ((SpecificRecord) e.getCommand()).getSchema().getName() + " by " + e.getRequestedBy();
    }
    return event.getSchema().getName();
  }

  private static String head(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > max ? line.substring(0, max) : line;
  }
}
