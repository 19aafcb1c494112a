package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.TrainingTrigger;
import dev.mlpipe.trainer.repo.CommitSnapshot;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.repo.RepositoryException;
import dev.mlpipe.trainer.repo.SpecPaths;
import dev.mlpipe.trainer.run.FailurePhase;
import dev.mlpipe.trainer.run.FeedbackExample;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
   * @param feedback live ratings added to the spec's training rows (empty for a commit run)
   * @param examples a tabular model's live feedback added to the training rows (empty for a commit
   *     run)
   * @param changedPaths the paths a push changed, from the repository root: when there is no spec
   *     at {@code specPath}, the specs of the model directories they touched are trained (see
   *     {@link SpecPaths}): a commit run trains each in its own run ({@link PushRuns}), a retrain
   *     the one of its model; empty for none
   */
  public record Order(
      RunCause cause,
      String model,
      String repo,
      String sha,
      String specPath,
      Instant createdAt,
      RatingTable feedback,
      List<FeedbackExample> examples,
      List<String> changedPaths) {
    public Order {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(repo, "repo");
      Objects.requireNonNull(sha, "sha");
      Objects.requireNonNull(specPath, "specPath");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(feedback, "feedback");
      examples = List.copyOf(examples);
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
      List<String> specPaths =
          SpecPaths.toTrain(order.specPath(), order.changedPaths(), snapshot::hasFile);
      if (specPaths.size() == 1) {
        if (!specPaths.get(0).equals(order.specPath())) {
          log.info(
              "there is no {} at {}; the push changed files of the model directory of {}, which"
                  + " is trained",
              order.specPath(),
              snapshot.describe(),
              specPaths.get(0));
        }
        return trainSpec(order, cause, snapshot, specPaths.get(0), Optional.empty());
      }
      if (cause.trigger() == TrainingTrigger.COMMIT) {
        return trainEach(order, snapshot, specPaths);
      }
      return retrainOwnSpec(order, snapshot, specPaths);
    } catch (RepositoryException e) {
      return failedBeforeTraining(order, cause, order.sha(), e.getMessage(), e);
    }
  }

  /**
   * A push that touched several model directories: one run per spec, each with its own run id (see
   * {@link PushRuns}), one after the other within one time limit (the consumer's poll interval
   * covers one limit per commit event), their outcomes published together with the commit's offset.
   */
  private List<ProducerRecord<String, SpecificRecord>> trainEach(
      Order order, CommitSnapshot snapshot, List<String> specPaths) throws InterruptedException {
    List<PushRuns.PlannedRun> runs = PushRuns.plan(order.cause().cause(), specPaths);
    log.info(
        "there is no {} at {}; the push changed the model directories of {} specs, each trained in"
            + " its own run: {}",
        order.specPath(),
        snapshot.describe(),
        runs.size(),
        runs.stream().map(r -> r.specPath() + " (run " + r.cause().runId() + ")").toList());
    Optional<Instant> deadline = Optional.of(run.deadlineFromNow());
    List<ProducerRecord<String, SpecificRecord>> out = new ArrayList<>();
    for (PushRuns.PlannedRun planned : runs) {
      MDC.put("runId", planned.cause().runId());
      MDC.put("model", order.model());
      MDC.remove("version");
      out.addAll(trainSpec(order, planned.cause(), snapshot, planned.specPath(), deadline));
    }
    return out;
  }

  /**
   * A retrain of a version first trained by a push of several model directories: its event names
   * them all, so the spec retrained is the one whose {@code model:} is the retrained model.
   */
  private List<ProducerRecord<String, SpecificRecord>> retrainOwnSpec(
      Order order, CommitSnapshot snapshot, List<String> specPaths) throws InterruptedException {
    List<String> own = new ArrayList<>();
    for (String specPath : specPaths) {
      try {
        TrainingSpec spec =
            TrainingSpecParser.parse(
                snapshot.readText(specPath), snapshot.describe() + ":" + specPath);
        if (spec.model().equals(order.model())) {
          own.add(specPath);
        }
      } catch (InvalidSpecException | RepositoryException e) {
        log.debug("{} is not model {}'s spec: {}", specPath, order.model(), e.getMessage());
      }
    }
    if (own.size() == 1) {
      return trainSpec(order, order.cause(), snapshot, own.get(0), Optional.empty());
    }
    return failedBeforeTraining(
        order,
        order.cause(),
        snapshot.commitSha(),
        "there is no "
            + order.specPath()
            + " at "
            + snapshot.describe()
            + " and of the "
            + specPaths.size()
            + " specs of the model directories its push changed ("
            + String.join(", ", specPaths)
            + "), "
            + own.size()
            + " name model "
            + order.model()
            + "; give each model directory's spec its own model: name",
        null);
  }

  /** One run of one spec at the commit; {@code deadline} caps the run's own time limit. */
  private List<ProducerRecord<String, SpecificRecord>> trainSpec(
      Order order,
      RunCause cause,
      CommitSnapshot snapshot,
      String specPath,
      Optional<Instant> deadline)
      throws InterruptedException {
    TrainingSpec spec;
    try {
      spec =
          TrainingSpecParser.parse(
              snapshot.readText(specPath), snapshot.describe() + ":" + specPath);
    } catch (InvalidSpecException | RepositoryException e) {
      return failedBeforeTraining(order, cause, snapshot.commitSha(), e.getMessage(), e);
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
                  order.feedback(),
                  order.examples(),
                  deadline),
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
  }

  /**
   * Started and failed for a run whose spec could not be read: nothing was trained. {@code cause}
   * may be null when no exception says why.
   */
  private List<ProducerRecord<String, SpecificRecord>> failedBeforeTraining(
      Order order, RunCause run, String sha, String reason, Exception cause) {
    log.warn("commit {} of {}: {}", sha, order.repo(), reason);
    started.publish(events.started(run, order.model(), sha, List.of()));
    TrainingOutcome.Failed failed =
        cause == null
            ? TrainingOutcome.Failed.of(FailurePhase.SPEC, reason)
            : TrainingOutcome.Failed.of(FailurePhase.SPEC, reason, cause);
    return List.of(
        new ProducerRecord<>(
            Topics.TRAINING_FAILED.name(),
            order.model(),
            events.failed(run, order.model(), sha, failed)));
  }
}
