package dev.mlpipe.console.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the pipeline, from its first event to its last.
 *
 * @param runId the correlation id every event of the run carries
 * @param model the model it is about
 * @param trigger what started it, e.g. {@code commit 1a2b3c4d5e}, {@code drift DATA}, {@code
 *     retrain}
 * @param commitSha the commit it trains, when known
 * @param version the candidate's version, once trained
 * @param started the time of its first event
 * @param lastEvent the time of its latest event
 * @param stages the stages it reached, in pipeline order
 * @param timeline every event of the run, oldest first (including approvals and rollbacks that name
 *     the run or its version)
 */
public record Run(
    String runId,
    String model,
    String trigger,
    Optional<String> commitSha,
    Optional<String> version,
    Instant started,
    Instant lastEvent,
    List<StageResult> stages,
    List<PipelineEvent> timeline) {

  public Run {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(commitSha, "commitSha");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(lastEvent, "lastEvent");
    stages = List.copyOf(stages);
    timeline = List.copyOf(timeline);
    if (timeline.isEmpty()) {
      throw new IllegalArgumentException("run " + runId + " has no events");
    }
  }

  /** From the first event to the latest. */
  public Duration elapsed() {
    Duration d = Duration.between(started, lastEvent);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The result of one stage, when the run reached it. */
  public Optional<StageResult> stage(StageName name) {
    return stages.stream().filter(s -> s.stage() == name).findFirst();
  }

  /** The stage the run reached last; empty when only its trigger was seen. */
  public Optional<StageResult> lastStage() {
    return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
  }

  /** Where the run stands in a few words, e.g. {@code in production}, {@code validation failed}. */
  public String status() {
    Optional<StageResult> last = lastStage();
    if (last.isEmpty()) {
      return "triggered";
    }
    StageResult s = last.get();
    return switch (s.outcome()) {
      case RUNNING -> s.stage().label() + " running";
      case SUCCEEDED ->
          switch (s.stage()) {
            case TRAINING -> "trained";
            case VALIDATION -> "validated";
            case STAGING -> "in staging";
            case PRODUCTION -> "in production";
          };
      case FAILED -> s.stage().label() + " failed";
      case ROLLED_BACK -> "rolled back from " + s.stage().label();
    };
  }

  /** Whether the run is over: it failed, was rolled back, or reached production in full. */
  public boolean isFinished() {
    return lastStage()
        .map(
            s ->
                s.outcome() == Outcome.FAILED
                    || s.outcome() == Outcome.ROLLED_BACK
                    || s.stage() == StageName.PRODUCTION && s.outcome() == Outcome.SUCCEEDED)
        .orElse(false);
  }
}
