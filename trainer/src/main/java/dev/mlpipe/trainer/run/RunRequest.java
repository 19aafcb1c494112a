package dev.mlpipe.trainer.run;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.trainer.spec.TrainingSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one training run trains.
 *
 * @param spec the validated spec
 * @param files where the spec's files are read (the commit's tree, or a directory)
 * @param commitSha the commit the spec was read at ({@code working-copy} for a local run)
 * @param runId the run's correlation id
 * @param version the version label the model gets (see {@link VersionLabel})
 * @param createdAt the creation time written in the model card; the trainer stage uses the time of
 *     the event that asked for the run, so training the same event again writes the same artifact
 * @param feedback ratings observed in production (a retrain's live feedback), added to the spec's
 *     data before it is split; empty for a commit run
 * @param examples a tabular retrain's live feedback: logged request features with the observed
 *     outcome, added to the training rows after the split; empty for a commit run
 * @param deadline when given, the run stops there even before its own time limit: the runs of one
 *     push share one limit
 */
public record RunRequest(
    TrainingSpec spec,
    RepositoryFiles files,
    String commitSha,
    String runId,
    String version,
    Instant createdAt,
    RatingTable feedback,
    List<FeedbackExample> examples,
    Optional<Instant> deadline) {

  private static final RatingTable NO_FEEDBACK = RatingTable.builder().build();

  /** A run with its own time limit. */
  public RunRequest(
      TrainingSpec spec,
      RepositoryFiles files,
      String commitSha,
      String runId,
      String version,
      Instant createdAt,
      RatingTable feedback) {
    this(spec, files, commitSha, runId, version, createdAt, feedback, List.of(), Optional.empty());
  }

  /** A run of the spec's data only. */
  public RunRequest(
      TrainingSpec spec,
      RepositoryFiles files,
      String commitSha,
      String runId,
      String version,
      Instant createdAt) {
    this(spec, files, commitSha, runId, version, createdAt, NO_FEEDBACK);
  }

  public RunRequest {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(commitSha, "commitSha");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(feedback, "feedback");
    examples = List.copyOf(examples);
    Objects.requireNonNull(deadline, "deadline");
  }
}
