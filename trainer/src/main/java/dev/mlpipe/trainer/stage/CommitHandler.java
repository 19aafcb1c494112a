package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.runtime.InputEvent;
import dev.mlpipe.events.runtime.StageHandler;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.trainer.repo.CommitSnapshot;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.repo.RepositoryException;
import dev.mlpipe.trainer.run.FailurePhase;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.RunRequest;
import dev.mlpipe.trainer.run.TrainingOutcome;
import dev.mlpipe.trainer.run.TrainingRun;
import dev.mlpipe.trainer.run.VersionLabel;
import dev.mlpipe.trainer.spec.CandidateSpec;
import dev.mlpipe.trainer.spec.InvalidSpecException;
import dev.mlpipe.trainer.spec.TrainingSpec;
import dev.mlpipe.trainer.spec.TrainingSpecParser;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The trainer's reaction to a commit: read {@code mlpipe.yaml} at the commit, publish
 * TrainingStarted at once, train, and return TrainingFinished or TrainingFailed for the stage
 * runtime to publish in the transaction that commits the commit event's offset. Every expected
 * problem (no such commit, no or an invalid spec, unavailable recipe, bad data, divergence) becomes
 * a TrainingFailed with its reason, so a bad commit never stops the stage.
 *
 * <p>The run's model is the spec's {@code model:} once the spec is read (the commit event's model
 * before that, and for failures to read it), so events of one model share one key whatever name the
 * publisher guessed.
 */
public final class CommitHandler implements StageHandler<CommitPushed, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(CommitHandler.class);

  private final ModelRepositories repositories;
  private final TrainingRun run;
  private final TrainingEvents events;
  private final StartedPublisher started;
  private final RunObserver observer;

  public CommitHandler(
      ModelRepositories repositories,
      TrainingRun run,
      TrainingEvents events,
      StartedPublisher started,
      RunObserver observer) {
    this.repositories = Objects.requireNonNull(repositories, "repositories");
    this.run = Objects.requireNonNull(run, "run");
    this.events = Objects.requireNonNull(events, "events");
    this.started = Objects.requireNonNull(started, "started");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public List<ProducerRecord<String, SpecificRecord>> handle(InputEvent<CommitPushed> event)
      throws InterruptedException {
    CommitPushed commit = event.value();
    if (commit == null) {
      return List.of(); // a tombstone asks for nothing
    }
    String runId = commit.getMeta().getRunId();
    MDC.put("runId", runId);
    MDC.put("commitSha", commit.getSha());
    MDC.put("model", commit.getModel());
    try {
      return react(commit);
    } finally {
      MDC.remove("runId");
      MDC.remove("commitSha");
      MDC.remove("model");
    }
  }

  private List<ProducerRecord<String, SpecificRecord>> react(CommitPushed commit)
      throws InterruptedException {
    String repo = commit.getRepo();
    String sha = commit.getSha();
    String specPath = commit.getSpecPath();
    log.info("commit {} of {}: reading {}", sha, repo, specPath);
    try (CommitSnapshot snapshot = repositories.open(repo, sha)) {
      TrainingSpec spec;
      try {
        spec =
            TrainingSpecParser.parse(
                snapshot.readText(specPath), snapshot.describe() + ":" + specPath);
      } catch (InvalidSpecException e) {
        return failedBeforeTraining(commit, snapshot.commitSha(), e.getMessage(), e);
      }
      if (!spec.model().equals(commit.getModel())) {
        log.warn(
            "commit event names model {} but {} says {}; the run is model {}",
            commit.getModel(),
            specPath,
            spec.model(),
            spec.model());
        MDC.put("model", spec.model());
      }
      String version = VersionLabel.of(snapshot.commitSha(), commit.getMeta().getRunId());
      MDC.put("version", version);
      started.publish(
          events.started(
              commit.getMeta(),
              spec.model(),
              snapshot.commitSha(),
              spec.candidates().stream().map(CandidateSpec::name).toList()));
      TrainingOutcome outcome;
      try {
        outcome =
            run.run(
                new RunRequest(
                    spec,
                    snapshot.filesBeside(specPath),
                    snapshot.commitSha(),
                    commit.getMeta().getRunId(),
                    version,
                    commit.getMeta().getOccurredAt()),
                observer);
      } catch (RuntimeException e) {
        // Not an expected failure of the model's (those are outcomes): a bug. The commit still
        // gets its TrainingFailed, so the person who pushed it learns, and the stage goes on.
        log.error("model {} run {}: the trainer failed unexpectedly", spec.model(), version, e);
        outcome =
            TrainingOutcome.Failed.of(
                FailurePhase.TRAINING,
                "the trainer failed unexpectedly ("
                    + e
                    + "); this is a bug in mlpipe: report it with the trainer's log of run "
                    + commit.getMeta().getRunId(),
                e);
      }
      MDC.remove("version");
      if (outcome instanceof TrainingOutcome.Trained trained) {
        log.info(
            "model {} version {} trained: artifact {}",
            trained.model(),
            version,
            trained.artifact().sha256());
        return List.of(
            new ProducerRecord<>(
                Topics.TRAINING_FINISHED.name(),
                trained.model(),
                events.finished(commit.getMeta(), snapshot.commitSha(), trained)));
      }
      TrainingOutcome.Failed failed = (TrainingOutcome.Failed) outcome;
      log.warn(
          "model {} training failed ({}): {}",
          spec.model(),
          failed.phase().wireName(),
          failed.reason());
      return List.of(
          new ProducerRecord<>(
              Topics.TRAINING_FAILED.name(),
              spec.model(),
              events.failed(commit.getMeta(), spec.model(), snapshot.commitSha(), failed)));
    } catch (RepositoryException e) {
      return failedBeforeTraining(commit, sha, e.getMessage(), e);
    }
  }

  /** Started and failed for a commit whose spec could not be read: nothing was trained. */
  private List<ProducerRecord<String, SpecificRecord>> failedBeforeTraining(
      CommitPushed commit, String sha, String reason, Exception cause) {
    log.warn("commit {} of {}: {}", sha, commit.getRepo(), reason);
    started.publish(events.started(commit.getMeta(), commit.getModel(), sha, List.of()));
    TrainingOutcome.Failed failed = TrainingOutcome.Failed.of(FailurePhase.SPEC, reason, cause);
    return List.of(
        new ProducerRecord<>(
            Topics.TRAINING_FAILED.name(),
            commit.getModel(),
            events.failed(commit.getMeta(), commit.getModel(), sha, failed)));
  }
}
