package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.trainer.repo.CommitSnapshot;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.repo.RepositoryException;
import dev.mlpipe.trainer.repo.SpecPaths;
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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of a spec at a commit, whatever asked for it: read {@code mlpipe.yaml} at the commit,
 * publish TrainingStarted at once, train, and return TrainingFinished or TrainingFailed for the
 * stage runtime to publish in the transaction that commits the input's offset. Every expected
 * problem (no such commit, no or an invalid spec, unavailable recipe, bad data, divergence) becomes
 * a TrainingFailed with its reason, so a bad run never stops the stage.
 *
 * <p>The run's model is the spec's {@code model:} once the spec is read (the asking event's model
 * before that, and for failures to read it), so events of one model share one key whatever name the
 * publisher guessed.
 */
public final class SpecRunner {

  private static final Logger log = LoggerFactory.getLogger(SpecRunner.class);

  private final ModelRepositories repositories;
  private final TrainingRun run;
  private final TrainingEvents events;
  private final StartedPublisher started;
  private final RunObserver observer;

  public SpecRunner(
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

  /**
   * What to train.
   *
   * @param cause why, and the run's id
   * @param model the model the asking event names (the spec's own name wins once read)
   * @param repo the repository, a local path or a clone URL
   * @param sha the commit
   * @param specPath the spec's path in the repository
   * @param createdAt the model card's creation time: the asking event's, so a repeated run writes
   *     the same artifact
   * @param feedback live ratings added to the spec's data (empty for a commit run)
   * @param changedPaths the paths a push changed, from the repository root: when there is no spec
   *     at {@code specPath}, the one spec of the model directory they touched is trained (see
   *     {@link SpecPaths}); empty for none
   */
  public record Order(
      RunCause cause,
      String model,
      String repo,
      String sha,
      String specPath,
      Instant createdAt,
      RatingTable feedback,
      List<String> changedPaths) {
    public Order {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(sha, "sha");
      Objects.requireNonNull(specPath, "specPath");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(feedback, "feedback");
      changedPaths = List.copyOf(changedPaths);
    }
  }

  /** Runs the order; returns the outcome record to publish. */
  public List<ProducerRecord<String, SpecificRecord>> run(Order order) throws InterruptedException {
    MDC.put("runId", order.cause().runId());
    MDC.put("commitSha", order.sha());
    MDC.put("model", order.model());
    try {
      return react(order);
    } finally {
      MDC.remove("runId");
      MDC.remove("commitSha");
      MDC.remove("model");
      MDC.remove("version");
    }
  }

  private List<ProducerRecord<String, SpecificRecord>> react(Order order)
      throws InterruptedException {
    RunCause cause = order.cause();
    log.info(
        "{} run {}: commit {} of {}, reading {}",
        cause.trigger(),
        cause.runId(),
        order.sha(),
        order.repo(),
        order.specPath());
    try (CommitSnapshot snapshot = repositories.open(order.repo(), order.sha())) {
      String specPath = order.specPath();
      if (!order.changedPaths().isEmpty() && !snapshot.hasFile(specPath)) {
        List<String> touched =
            SpecPaths.touchedBy(specPath, order.changedPaths(), snapshot::hasFile);
        if (touched.size() == 1) {
          log.info(
              "there is no {} at {}; the push changed files of the model directory of {}, which"
                  + " is trained",
              specPath,
              snapshot.describe(),
              touched.get(0));
          specPath = touched.get(0);
        } else if (touched.size() > 1) {
          return failedBeforeTraining(
              order,
              snapshot.commitSha(),
              "there is no "
                  + specPath
                  + " at "
                  + snapshot.describe()
                  + " and the push changed the model directories of "
                  + touched.size()
                  + " specs: "
                  + String.join(", ", touched)
                  + "; one commit event trains one spec: publish one per model with its spec"
                  + " path (mlpipe publish commit), or push the models separately",
              null);
        }
      }
      TrainingSpec spec;
      try {
        spec =
            TrainingSpecParser.parse(
                snapshot.readText(specPath), snapshot.describe() + ":" + specPath);
      } catch (InvalidSpecException e) {
        return failedBeforeTraining(order, snapshot.commitSha(), e.getMessage(), e);
      }
      if (!spec.model().equals(order.model())) {
        log.warn(
            "the event names model {} but {} says {}; the run is model {}",
            order.model(),
            specPath,
            spec.model(),
            spec.model());
        MDC.put("model", spec.model());
      }
      String version = VersionLabel.of(snapshot.commitSha(), cause.runId());
      MDC.put("version", version);
      started.publish(
          events.started(
              cause,
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
                    cause.runId(),
                    version,
                    order.createdAt(),
                    order.feedback()),
                observer);
      } catch (RuntimeException e) {
        // Not an expected failure of the model's (those are outcomes): a bug. The run still
        // gets its TrainingFailed, so whoever asked for it learns, and the stage goes on.
        log.error("model {} run {}: the trainer failed unexpectedly", spec.model(), version, e);
        outcome =
            TrainingOutcome.Failed.of(
                FailurePhase.TRAINING,
                "the trainer failed unexpectedly ("
                    + e
                    + "); this is a bug in mlpipe: report it with the trainer's log of run "
                    + cause.runId(),
                e);
      }
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
                events.finished(cause, snapshot.commitSha(), trained)));
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
              events.failed(cause, spec.model(), snapshot.commitSha(), failed)));
    } catch (RepositoryException e) {
      return failedBeforeTraining(order, order.sha(), e.getMessage(), e);
    }
  }

  /**
   * Started and failed for a run whose spec could not be read: nothing was trained. {@code cause}
   * may be null when no exception says why.
   */
  private List<ProducerRecord<String, SpecificRecord>> failedBeforeTraining(
      Order order, String sha, String reason, Exception cause) {
    log.warn("commit {} of {}: {}", sha, order.repo(), reason);
    started.publish(events.started(order.cause(), order.model(), sha, List.of()));
    TrainingOutcome.Failed failed =
        cause == null
            ? TrainingOutcome.Failed.of(FailurePhase.SPEC, reason)
            : TrainingOutcome.Failed.of(FailurePhase.SPEC, reason, cause);
    return List.of(
        new ProducerRecord<>(
            Topics.TRAINING_FAILED.name(),
            order.model(),
            events.failed(order.cause(), order.model(), sha, failed)));
  }
}
