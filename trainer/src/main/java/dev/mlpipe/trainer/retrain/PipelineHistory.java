package dev.mlpipe.trainer.retrain;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.TrainingStarted;
import dev.mlpipe.schemas.TrainingTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the trainer needs to know to retrain, folded from the pipeline's events: which version
 * serves each model's production, where each trained version's spec lives, and the retrains started
 * so far. Built from the topics (CommitPushed, TrainingStarted/Finished/Failed, ModelDeployed,
 * RolledBack) by {@link #apply}, so a restarted trainer rebuilds it by reading them again; nothing
 * of it is kept only in memory except the outcomes this trainer has just returned and whose
 * transaction has not yet become visible ({@link #recordPending}).
 *
 * <p>The fold does not depend on the order in which the topics are interleaved: a version's source
 * is resolved when asked for, and production changes are ordered by their {@code occurredAt}.
 *
 * <p>Where a version comes from: a commit run keeps its commit event's run id, so its
 * TrainingFinished joins its CommitPushed by run id (a push of several model directories starts a
 * run of its own per directory, joined by its causation, the commit event's id); a retrain has a
 * new run id but trains the same commit of the same spec, so it is found by model and commit sha
 * through the commit run that first trained that commit. Not thread-safe.
 */
public final class PipelineHistory {

  /** A trained version's run; {@code commitEventId} is its causation when a commit caused it. */
  private record Trained(String runId, String commitSha, String commitEventId) {}

  /** What a commit event said about where the spec is. */
  private record Commit(String repo, String specPath, List<String> changedPaths) {}

  private record Serving(String version, Instant since) {}

  private static final class Retrain {
    String triggerEventId;
    Instant startedAt;
    Optional<String> input = Optional.empty();

    Retrain(String triggerEventId, Instant startedAt) {
      this.triggerEventId = triggerEventId;
      this.startedAt = startedAt;
    }
  }

  /** Commit runs: run id -> where the commit event said the spec is. */
  private final Map<String, Commit> commitRuns = new HashMap<>();

  /** Commit events by event id: a push of several model directories starts runs of their own. */
  private final Map<String, Commit> commitEvents = new HashMap<>();

  /** Per model: version -> the run that trained it. */
  private final Map<String, Map<String, Trained>> versions = new HashMap<>();

  /** Per model: the version serving production. */
  private final Map<String, Serving> production = new HashMap<>();

  /** Per model: run id -> a retrain (trigger DRIFT or RETRAIN_COMMAND). */
  private final Map<String, Map<String, Retrain>> retrains = new HashMap<>();

  /** Run ids with a committed TrainingFinished or TrainingFailed. */
  private final Set<String> outcomes = new HashSet<>();

  /** Run ids whose outcome this trainer returned, not yet seen on the topics. */
  private final Set<String> pending = new HashSet<>();

  /** Folds one event in; events of other types are ignored. */
  public void apply(SpecificRecord event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof CommitPushed commit) {
      Commit where = new Commit(commit.getRepo(), commit.getSpecPath(), commit.getChangedPaths());
      commitRuns.put(commit.getMeta().getRunId(), where);
      commitEvents.put(commit.getMeta().getEventId(), where);
    } else if (event instanceof TrainingStarted started) {
      if (started.getTrigger() != TrainingTrigger.COMMIT) {
        retrain(
            started.getModel(),
            started.getMeta().getRunId(),
            started.getMeta().getCausationId(),
            started.getMeta().getOccurredAt());
      }
    } else if (event instanceof TrainingFinished finished) {
      String runId = finished.getMeta().getRunId();
      versions
          .computeIfAbsent(finished.getModel(), m -> new LinkedHashMap<>())
          .put(
              finished.getVersion(),
              new Trained(
                  runId,
                  finished.getCommitSha(),
                  finished.getTrigger() == TrainingTrigger.COMMIT
                      ? finished.getMeta().getCausationId()
                      : null));
      outcome(runId);
      if (finished.getTrigger() != TrainingTrigger.COMMIT) {
        // Its TrainingStarted may have been lost (it is published outside the transaction).
        retrain(
            finished.getModel(),
            runId,
            finished.getMeta().getCausationId(),
            finished.getMeta().getOccurredAt());
      }
    } else if (event instanceof TrainingFailed failed) {
      outcome(failed.getMeta().getRunId());
    } else if (event instanceof ModelDeployed deployed) {
      if (deployed.getEnvironment() == Environment.PRODUCTION) {
        deployed(deployed);
      }
    } else if (event instanceof RolledBack rolledBack) {
      if (rolledBack.getEnvironment() == Environment.PRODUCTION) {
        serve(
            rolledBack.getModel(), rolledBack.getToVersion(), rolledBack.getMeta().getOccurredAt());
      }
    }
  }

  /**
   * Records a retrain whose outcome this trainer has returned for publication: until its
   * TrainingFinished or TrainingFailed is read back, it is {@link PastRetrain.State#PENDING}.
   */
  public void recordPending(
      String model, String runId, String triggerEventId, String input, Instant startedAt) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(triggerEventId, "triggerEventId");
    Objects.requireNonNull(input, "input");
    Map<String, Retrain> runs = retrains.computeIfAbsent(model, m -> new LinkedHashMap<>());
    Retrain retrain = runs.computeIfAbsent(runId, r -> new Retrain(triggerEventId, startedAt));
    retrain.triggerEventId = triggerEventId;
    retrain.input = Optional.of(input);
    if (!outcomes.contains(runId)) {
      pending.add(runId);
    }
  }

  /** What serves the model's production traffic and where its spec lives. */
  public Deployment deployment(String model) {
    Serving serving = production.get(model);
    if (serving == null) {
      return new Deployment.None();
    }
    return new Deployment.Serving(serving.version(), sourceOf(model, serving.version()));
  }

  /** Where the spec of a trained version of the model lives, when the events tell. */
  public Optional<ModelSource> sourceOf(String model, String version) {
    Map<String, Trained> trained = versions.getOrDefault(model, Map.of());
    Trained run = trained.get(version);
    if (run == null) {
      return Optional.empty();
    }
    Commit commit = commitOf(run);
    if (commit == null) {
      for (Trained other : trained.values()) {
        if (other.commitSha().equals(run.commitSha()) && commitOf(other) != null) {
          commit = commitOf(other);
          break;
        }
      }
    }
    if (commit == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ModelSource(commit.repo(), run.commitSha(), commit.specPath(), commit.changedPaths()));
  }

  /** The commit event of a commit run: by run id, or by causation for a push's own runs. */
  private Commit commitOf(Trained run) {
    Commit commit = commitRuns.get(run.runId());
    if (commit == null && run.commitEventId() != null) {
      commit = commitEvents.get(run.commitEventId());
    }
    return commit;
  }

  /** The model's retrains so far, in the order they were first seen. */
  public List<PastRetrain> retrains(String model) {
    List<PastRetrain> out = new ArrayList<>();
    retrains
        .getOrDefault(model, Map.of())
        .forEach(
            (runId, r) ->
                out.add(
                    new PastRetrain(
                        runId,
                        r.triggerEventId,
                        r.startedAt,
                        state(runId),
                        state(runId) == PastRetrain.State.PENDING ? r.input : Optional.empty())));
    return out;
  }

  private PastRetrain.State state(String runId) {
    if (outcomes.contains(runId)) {
      return PastRetrain.State.COMMITTED;
    }
    return pending.contains(runId) ? PastRetrain.State.PENDING : PastRetrain.State.STARTED;
  }

  private void retrain(String model, String runId, String triggerEventId, Instant at) {
    Map<String, Retrain> runs = retrains.computeIfAbsent(model, m -> new LinkedHashMap<>());
    Retrain retrain = runs.get(runId);
    String trigger = triggerEventId == null ? "" : triggerEventId;
    if (retrain == null) {
      runs.put(runId, new Retrain(trigger, at));
    } else if (at.isBefore(retrain.startedAt)) {
      retrain.startedAt = at;
    }
  }

  private void outcome(String runId) {
    outcomes.add(runId);
    pending.remove(runId);
  }

  private void deployed(ModelDeployed event) {
    String model = event.getModel();
    String version = event.getVersion();
    int share = event.getTrafficPercent();
    Instant at = event.getMeta().getOccurredAt();
    Serving current = production.get(model);
    if (share >= 100) {
      serve(model, version, at);
    } else if (share > 0) {
      // A canary: the stable version keeps serving; a model's very first version serves at once.
      if (current == null) {
        serve(model, version, at);
      }
    } else if (current != null
        && current.version().equals(version)
        && !at.isBefore(current.since())) {
      production.remove(model);
    }
  }

  private void serve(String model, String version, Instant at) {
    Serving current = production.get(model);
    if (current == null || !at.isBefore(current.since())) {
      production.put(model, new Serving(version, at));
    }
  }
}
