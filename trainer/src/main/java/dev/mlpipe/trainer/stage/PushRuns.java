package dev.mlpipe.trainer.stage;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.TrainingTrigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The runs one commit event starts: one per spec it asks to train (see {@link
 * dev.mlpipe.trainer.repo.SpecPaths#toTrain}). A push of one spec is the commit event's own run; a
 * push that touched several model directories starts one run per directory, each with its own run
 * id, all caused by the commit event. The run ids are derived from the commit's run id and the
 * spec's path, so a commit event delivered again plans the very same runs (and versions): its
 * redone outcomes replace the aborted ones instead of adding runs. Pure.
 */
public final class PushRuns {

  /**
   * One run of a push.
   *
   * @param cause the commit event, the run's id and the COMMIT trigger
   * @param specPath the spec the run trains, relative to the event's repository
   */
  public record PlannedRun(RunCause cause, String specPath) {
    public PlannedRun {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(specPath, "specPath");
    }
  }

  private PushRuns() {}

  /**
   * The runs of a commit event.
   *
   * @param commit the commit event's meta
   * @param specPaths the specs to train, at least one, without repeats
   */
  public static List<PlannedRun> plan(EventMeta commit, List<String> specPaths) {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(specPaths, "specPaths");
    if (specPaths.isEmpty()) {
      throw new IllegalArgumentException("a commit event trains at least one spec, got none");
    }
    if (specPaths.stream().distinct().count() != specPaths.size()) {
      throw new IllegalArgumentException("the specs of a push must not repeat: " + specPaths);
    }
    if (specPaths.size() == 1) {
      return List.of(new PlannedRun(RunCause.commit(commit), specPaths.get(0)));
    }
    List<PlannedRun> runs = new ArrayList<>();
    for (String specPath : specPaths) {
      runs.add(
          new PlannedRun(
              new RunCause(commit, runIdOf(commit.getRunId(), specPath), TrainingTrigger.COMMIT),
              specPath));
    }
    return List.copyOf(runs);
  }

  /** The run id of a push's run of one spec: a name-based UUID of the commit's run and the path. */
  static String runIdOf(String commitRunId, String specPath) {
    return UUID.nameUUIDFromBytes(
            ("mlpipe push run\n" + commitRunId + "\n" + specPath).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
