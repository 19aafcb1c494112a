package dev.mlpipe.console.runs;

import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.TrainingFailed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a version is where it is: the evidence of one run, each fact with its time. The commit (or
 * drift alarm) that started it, what was trained from which data into which artifact, the gate's
 * verdict with its policy hash and every check, who approved, every rollout step, and every failure
 * and rollback.
 *
 * @param run the run
 * @param commit the commit it trained, when it started from one
 * @param drift the drift alarm it started from, when it did
 * @param training the trained candidate (data hash, artifact, metrics)
 * @param trainingFailure why training failed, when it did
 * @param gate the gate's verdict
 * @param approvals who let it into an environment
 * @param rollout every traffic step, oldest first
 * @param deploymentFailures steps the deployer could not do
 * @param rollbacks traffic sent back from this run's version
 */
public record Trace(
    Run run,
    Optional<Timed<CommitPushed>> commit,
    Optional<Timed<DriftDetected>> drift,
    Optional<Timed<TrainingFinished>> training,
    Optional<Timed<TrainingFailed>> trainingFailure,
    Optional<Verdict> gate,
    List<Approval> approvals,
    List<Timed<ModelDeployed>> rollout,
    List<Timed<DeploymentFailed>> deploymentFailures,
    List<Timed<RolledBack>> rollbacks) {

  public Trace {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(trainingFailure, "trainingFailure");
    Objects.requireNonNull(gate, "gate");
    approvals = List.copyOf(approvals);
    rollout = List.copyOf(rollout);
    deploymentFailures = List.copyOf(deploymentFailures);
    rollbacks = List.copyOf(rollbacks);
  }

  /** An event with the time it happened. */
  public record Timed<T>(Instant at, T event) {
    public Timed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The gate's verdict.
   *
   * @param at when it was given
   * @param passed whether the candidate passed
   * @param version the candidate's version
   * @param report the policy hash, the champion, every check and the warnings
   */
  public record Verdict(Instant at, boolean passed, String version, ValidationReport report) {
    public Verdict {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(report, "report");
    }
  }

  /** Someone let the run into an environment. */
  public record Approval(Instant at, String by, Environment environment) {
    public Approval {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(environment, "environment");
    }
  }

  /** The trace of a run, from its timeline. */
  public static Trace of(Run run) {
    Optional<Timed<CommitPushed>> commit = Optional.empty();
    Optional<Timed<DriftDetected>> drift = Optional.empty();
    Optional<Timed<TrainingFinished>> training = Optional.empty();
    Optional<Timed<TrainingFailed>> trainingFailure = Optional.empty();
    Optional<Verdict> gate = Optional.empty();
    List<Approval> approvals = new ArrayList<>();
    List<Timed<ModelDeployed>> rollout = new ArrayList<>();
    List<Timed<DeploymentFailed>> failures = new ArrayList<>();
    List<Timed<RolledBack>> rollbacks = new ArrayList<>();
    String version = run.version().orElse(null);
    for (PipelineEvent event : run.timeline()) {
      Instant at = event.occurredAt();
      Object value = event.value();
      if (value instanceof CommitPushed c && commit.isEmpty()) {
        commit = Optional.of(new Timed<>(at, c));
      } else if (value instanceof DriftDetected d && drift.isEmpty()) {
        drift = Optional.of(new Timed<>(at, d));
      } else if (value instanceof TrainingFinished f && training.isEmpty()) {
        training = Optional.of(new Timed<>(at, f));
      } else if (value instanceof TrainingFailed f && trainingFailure.isEmpty()) {
        trainingFailure = Optional.of(new Timed<>(at, f));
      } else if (value instanceof ValidationPassed p && gate.isEmpty()) {
        gate = Optional.of(new Verdict(at, true, p.getVersion(), p.getReport()));
      } else if (value instanceof ValidationFailed f && gate.isEmpty()) {
        gate = Optional.of(new Verdict(at, false, f.getVersion(), f.getReport()));
      } else if (value instanceof PipelineCommand c && c.getCommand() instanceof Approve a) {
        approvals.add(new Approval(at, c.getRequestedBy(), a.getEnvironment()));
      } else if (value instanceof ModelDeployed d && matches(version, d.getVersion())) {
        rollout.add(new Timed<>(at, d));
      } else if (value instanceof DeploymentFailed f && matches(version, f.getVersion())) {
        failures.add(new Timed<>(at, f));
      } else if (value instanceof RolledBack r && matches(version, r.getFromVersion())) {
        rollbacks.add(new Timed<>(at, r));
      }
    }
    return new Trace(
        run,
        commit,
        drift,
        training,
        trainingFailure,
        gate,
        approvals,
        rollout,
        failures,
        rollbacks);
  }

  private static boolean matches(String runVersion, String eventVersion) {
    return runVersion == null || runVersion.equals(eventVersion);
  }
}
