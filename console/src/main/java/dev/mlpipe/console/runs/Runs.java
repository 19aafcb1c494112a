package dev.mlpipe.console.runs;

import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds events into runs. Events are grouped by {@code meta.runId}; an {@code Approve} command also
 * joins the run it names, and a {@code RolledBack} also joins the run that trained the version it
 * rolled back from (a manual rollback is a run of its own, but it is also part of the rolled-back
 * run's story). Serving traffic (predictions, feedback) is not part of any run. A group that holds
 * only commands or rollbacks is not shown as a run of its own. Events seen twice (same eventId)
 * count once. Events of one run are ordered by {@code occurredAt}, ties by their place in the flow.
 */
public final class Runs {

  /** The order of event types in the flow, to order events that happened in the same milli. */
  private static final List<Class<?>> FLOW =
      List.of(
          CommitPushed.class,
          DriftDetected.class,
          PipelineCommand.class,
          TrainingStarted.class,
          TrainingFinished.class,
          TrainingFailed.class,
          ValidationPassed.class,
          ValidationFailed.class,
          ModelDeployed.class,
          DeploymentFailed.class,
          RolledBack.class);

  private static final Comparator<PipelineEvent> TIMELINE_ORDER =
      Comparator.comparing(PipelineEvent::occurredAt)
          .thenComparingInt(e -> flowIndex(e.value()))
          .thenComparing(e -> e.value() instanceof ModelDeployed d ? d.getTrafficPercent() : 0)
          .thenComparing(PipelineEvent::topic)
          .thenComparingInt(PipelineEvent::partition)
          .thenComparingLong(PipelineEvent::offset);

  private Runs() {}

  /** The runs these events make, oldest first. */
  public static List<Run> fold(Collection<PipelineEvent> events) {
    Map<String, PipelineEvent> unique = new LinkedHashMap<>();
    for (PipelineEvent event : events) {
      if (!(event.value() instanceof PredictionLogged)
          && !(event.value() instanceof FeedbackReceived)) {
        unique.putIfAbsent(event.eventId(), event);
      }
    }
    Map<String, String> runOfVersion = new LinkedHashMap<>();
    for (PipelineEvent event : unique.values()) {
      if (event.value() instanceof TrainingFinished f) {
        runOfVersion.putIfAbsent(versionKey(f.getModel(), f.getVersion()), event.runId());
      }
    }
    Map<String, List<PipelineEvent>> groups = new LinkedHashMap<>();
    for (PipelineEvent event : unique.values()) {
      groups.computeIfAbsent(event.runId(), k -> new ArrayList<>()).add(event);
    }
    for (PipelineEvent event : unique.values()) {
      String also = null;
      if (event.value() instanceof PipelineCommand c && c.getCommand() instanceof Approve a) {
        also = a.getRunId();
      } else if (event.value() instanceof RolledBack r) {
        also = runOfVersion.get(versionKey(r.getModel(), r.getFromVersion()));
      }
      if (also != null && !also.equals(event.runId()) && groups.containsKey(also)) {
        groups.get(also).add(event);
      }
    }
    List<Run> runs = new ArrayList<>();
    for (Map.Entry<String, List<PipelineEvent>> group : groups.entrySet()) {
      List<PipelineEvent> timeline = new ArrayList<>(group.getValue());
      if (timeline.stream().allMatch(Runs::onlyJoinsRuns)) {
        continue;
      }
      timeline.sort(TIMELINE_ORDER);
      runs.add(fold(group.getKey(), timeline));
    }
    runs.sort(Comparator.comparing(Run::started).thenComparing(Run::runId));
    return List.copyOf(runs);
  }

  /**
   * The runs whose id is {@code idOrPrefix}, or starts with it (people copy the short ids {@code
   * mlpipe watch} shows).
   */
  public static List<Run> matching(List<Run> runs, String idOrPrefix) {
    for (Run run : runs) {
      if (run.runId().equals(idOrPrefix)) {
        return List.of(run);
      }
    }
    if (idOrPrefix.isEmpty()) {
      return List.of();
    }
    return runs.stream().filter(r -> r.runId().startsWith(idOrPrefix)).toList();
  }

  private static boolean onlyJoinsRuns(PipelineEvent event) {
    return event.value() instanceof RolledBack
        || event.value() instanceof PipelineCommand c
            && !(c.getCommand() instanceof Retrain)
            && !(c.getCommand() instanceof Promote);
  }

  private static Run fold(String runId, List<PipelineEvent> timeline) {
    PipelineEvent first = timeline.get(0);
    Optional<CommitPushed> commit = first(timeline, CommitPushed.class);
    Optional<TrainingStarted> started = first(timeline, TrainingStarted.class);
    Optional<TrainingFinished> finished = first(timeline, TrainingFinished.class);
    Optional<TrainingFailed> failed = first(timeline, TrainingFailed.class);
    Optional<String> version = finished.map(TrainingFinished::getVersion);
    if (version.isEmpty()) {
      version =
          timeline.stream()
              .map(PipelineEvent::value)
              .map(Runs::versionOf)
              .flatMap(Optional::stream)
              .findFirst();
    }
    Optional<String> sha =
        commit
            .map(CommitPushed::getSha)
            .or(() -> started.map(TrainingStarted::getCommitSha))
            .or(() -> finished.map(TrainingFinished::getCommitSha))
            .or(() -> failed.map(TrainingFailed::getCommitSha));

    List<StageResult> stages = new ArrayList<>();
    Optional<StageResult> training = training(timeline, commit, started, finished, failed);
    training.ifPresent(stages::add);
    Optional<StageResult> validation =
        training
            .filter(t -> t.outcome() == Outcome.SUCCEEDED)
            .map(t -> validation(timeline, t.end().orElseThrow()));
    validation.ifPresent(stages::add);

    String v = version.orElse(null);
    List<PipelineEvent> staging = deploymentEvents(timeline, Environment.STAGING, v);
    List<PipelineEvent> production = deploymentEvents(timeline, Environment.PRODUCTION, v);
    Optional<Instant> validated =
        validation.filter(s -> s.outcome() == Outcome.SUCCEEDED).flatMap(StageResult::end);
    Optional<Instant> productionStart = Optional.empty();
    if (!staging.isEmpty() || validated.isPresent() && production.isEmpty()) {
      Instant start = validated.orElseGet(() -> staging.get(0).occurredAt());
      StageResult result = deployment(StageName.STAGING, start, staging);
      stages.add(result);
      if (result.outcome() == Outcome.SUCCEEDED) {
        productionStart = result.end();
      }
    }
    if (!production.isEmpty()) {
      Instant start =
          productionStart.or(() -> validated).orElseGet(() -> production.get(0).occurredAt());
      stages.add(deployment(StageName.PRODUCTION, start, production));
    }
    return new Run(
        runId,
        first.model(),
        trigger(timeline),
        sha,
        version,
        first.occurredAt(),
        timeline.get(timeline.size() - 1).occurredAt(),
        stages,
        timeline);
  }

  private static Optional<StageResult> training(
      List<PipelineEvent> timeline,
      Optional<CommitPushed> commit,
      Optional<TrainingStarted> started,
      Optional<TrainingFinished> finished,
      Optional<TrainingFailed> failed) {
    Optional<Instant> start =
        at(timeline, started)
            .or(() -> at(timeline, commit))
            .or(() -> at(timeline, finished))
            .or(() -> at(timeline, failed));
    if (start.isEmpty()) {
      return Optional.empty();
    }
    if (failed.isPresent()) {
      TrainingFailed f = failed.get();
      return Optional.of(
          result(
              StageName.TRAINING,
              start.get(),
              at(timeline, failed),
              Outcome.FAILED,
              f.getPhase() + ": " + firstLine(f.getReason())));
    }
    if (finished.isPresent()) {
      TrainingFinished f = finished.get();
      return Optional.of(
          result(
              StageName.TRAINING,
              start.get(),
              at(timeline, finished),
              Outcome.SUCCEEDED,
              "version " + f.getVersion() + ", " + f.getRecipe()));
    }
    return Optional.of(
        new StageResult(
            StageName.TRAINING,
            start.get(),
            Optional.empty(),
            Outcome.RUNNING,
            started.isPresent() ? "training" : "waiting for the trainer"));
  }

  private static StageResult validation(List<PipelineEvent> timeline, Instant start) {
    for (PipelineEvent event : timeline) {
      if (event.value() instanceof ValidationPassed p) {
        return result(
            StageName.VALIDATION,
            start,
            Optional.of(event.occurredAt()),
            Outcome.SUCCEEDED,
            checks(p.getReport()));
      }
      if (event.value() instanceof ValidationFailed f) {
        return result(
            StageName.VALIDATION,
            start,
            Optional.of(event.occurredAt()),
            Outcome.FAILED,
            checks(f.getReport()));
      }
    }
    return new StageResult(
        StageName.VALIDATION, start, Optional.empty(), Outcome.RUNNING, "waiting for the gate");
  }

  private static StageResult deployment(
      StageName stage, Instant start, List<PipelineEvent> events) {
    List<ModelDeployed> steps = new ArrayList<>();
    Optional<PipelineEvent> full = Optional.empty();
    String approvedBy = null;
    for (PipelineEvent event : events) {
      if (event.value() instanceof ModelDeployed d) {
        steps.add(d);
        if (d.getApprovedBy() != null) {
          approvedBy = d.getApprovedBy();
        }
        if (d.getTrafficPercent() == 100 && full.isEmpty()) {
          full = Optional.of(event);
        }
      } else if (event.value() instanceof PipelineCommand c
          && c.getCommand() instanceof Approve
          && approvedBy == null) {
        approvedBy = c.getRequestedBy();
      }
    }
    for (PipelineEvent event : events) {
      if (event.value() instanceof RolledBack r && !steps.isEmpty()) {
        return result(
            stage,
            start,
            Optional.of(event.occurredAt()),
            Outcome.ROLLED_BACK,
            "rolled back to "
                + r.getToVersion()
                + " ("
                + (r.getAutomatic()
                    ? "automatic"
                    : "manual" + (r.getRequestedBy() == null ? "" : ", by " + r.getRequestedBy()))
                + "): "
                + firstLine(r.getReason()));
      }
    }
    for (PipelineEvent event : events) {
      if (event.value() instanceof DeploymentFailed f) {
        return result(
            stage,
            start,
            Optional.of(event.occurredAt()),
            Outcome.FAILED,
            firstLine(f.getReason()));
      }
    }
    String path =
        steps.isEmpty()
            ? ""
            : steps.get(0).getStrategy()
                + " "
                + steps.stream()
                    .map(d -> d.getTrafficPercent() + "%")
                    .distinct()
                    .collect(Collectors.joining(" > "));
    String approval = approvedBy == null ? "" : ", approved by " + approvedBy;
    if (full.isPresent()) {
      return result(
          stage, start, Optional.of(full.get().occurredAt()), Outcome.SUCCEEDED, path + approval);
    }
    String waiting =
        stage == StageName.PRODUCTION
            ? "waiting for approval or promotion"
            : "waiting for the deployer";
    return new StageResult(
        stage,
        start,
        Optional.empty(),
        Outcome.RUNNING,
        steps.isEmpty() ? waiting + approval : path + approval);
  }

  /** Deployment events of one environment that concern this run's version. */
  private static List<PipelineEvent> deploymentEvents(
      List<PipelineEvent> timeline, Environment environment, String version) {
    List<PipelineEvent> out = new ArrayList<>();
    for (PipelineEvent event : timeline) {
      SpecificRecord value = event.value();
      boolean match =
          value instanceof ModelDeployed d
                  && d.getEnvironment() == environment
                  && (version == null || d.getVersion().equals(version))
              || value instanceof DeploymentFailed f
                  && f.getEnvironment() == environment
                  && (version == null || f.getVersion().equals(version))
              || value instanceof RolledBack r
                  && r.getEnvironment() == environment
                  && (version == null || r.getFromVersion().equals(version))
              || value instanceof PipelineCommand c
                  && c.getCommand() instanceof Approve a
                  && a.getEnvironment() == environment;
      if (match) {
        out.add(event);
      }
    }
    // An approval alone does not start a stage.
    return out.stream().allMatch(e -> e.value() instanceof PipelineCommand) ? List.of() : out;
  }

  private static String trigger(List<PipelineEvent> timeline) {
    for (PipelineEvent event : timeline) {
      SpecificRecord value = event.value();
      if (value instanceof CommitPushed c) {
        return "commit " + shortSha(c.getSha());
      }
      if (value instanceof DriftDetected d) {
        return "drift " + d.getKind().name().toLowerCase(Locale.ROOT);
      }
      if (value instanceof PipelineCommand c && c.getCommand() instanceof Retrain) {
        return "retrain by " + c.getRequestedBy();
      }
      if (value instanceof PipelineCommand c && c.getCommand() instanceof Promote p) {
        return "promote " + p.getVersion() + " by " + c.getRequestedBy();
      }
      if (value instanceof TrainingStarted s) {
        return s.getTrigger().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      }
    }
    return timeline.get(0).type();
  }

  private static Optional<String> versionOf(SpecificRecord value) {
    if (value instanceof ValidationPassed p) {
      return Optional.of(p.getVersion());
    }
    if (value instanceof ValidationFailed f) {
      return Optional.of(f.getVersion());
    }
    if (value instanceof ModelDeployed d) {
      return Optional.of(d.getVersion());
    }
    if (value instanceof DeploymentFailed f) {
      return Optional.of(f.getVersion());
    }
    return Optional.empty();
  }

  private static String checks(ValidationReport report) {
    List<GateCheck> checks = report.getChecks();
    List<String> failed =
        checks.stream().filter(c -> !c.getPassed()).map(GateCheck::getName).toList();
    String summary = (checks.size() - failed.size()) + "/" + checks.size() + " checks passed";
    return failed.isEmpty() ? summary : summary + "; failed: " + String.join(", ", failed);
  }

  /** A finished stage; an end before the start (clocks of two hosts) is read as the start. */
  private static StageResult result(
      StageName stage, Instant start, Optional<Instant> end, Outcome outcome, String detail) {
    Optional<Instant> clamped = end.map(e -> e.isBefore(start) ? start : e);
    return new StageResult(stage, start, clamped, outcome, detail);
  }

  private static <T> Optional<T> first(List<PipelineEvent> timeline, Class<T> type) {
    return timeline.stream()
        .map(PipelineEvent::value)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst();
  }

  private static Optional<Instant> at(List<PipelineEvent> timeline, Optional<?> value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return timeline.stream()
        .filter(e -> e.value() == value.get())
        .map(PipelineEvent::occurredAt)
        .findFirst();
  }

  private static int flowIndex(SpecificRecord value) {
    int index = FLOW.indexOf(value.getClass());
    return index < 0 ? FLOW.size() : index;
  }

  private static String versionKey(String model, String version) {
    return model + "\u0000" + version;
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(10, sha.length()));
  }

  static String firstLine(String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 119) + "…" : line;
  }
}
