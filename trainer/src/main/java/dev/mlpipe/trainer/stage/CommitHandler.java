package dev.mlpipe.trainer.stage;

import dev.mlpipe.events.runtime.InputEvent;
import dev.mlpipe.events.runtime.StageHandler;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.TrainingRun;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The trainer's reaction to a commit: train the spec the commit event names, at the commit, in the
 * commit event's run (see {@link SpecRunner}).
 */
public final class CommitHandler implements StageHandler<CommitPushed, SpecificRecord> {

  private static final RatingTable NO_FEEDBACK = RatingTable.builder().build();

  private final SpecRunner runner;

  public CommitHandler(SpecRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  public CommitHandler(
      ModelRepositories repositories,
      TrainingRun run,
      TrainingEvents events,
      StartedPublisher started,
      RunObserver observer) {
    this(new SpecRunner(repositories, run, events, started, observer));
  }

  @Override
  public List<ProducerRecord<String, SpecificRecord>> handle(InputEvent<CommitPushed> event)
      throws InterruptedException {
    CommitPushed commit = event.value();
    if (commit == null) {
      return List.of(); // a tombstone asks for nothing
    }
    return runner.run(
        new SpecRunner.Order(
            RunCause.commit(commit.getMeta()),
            commit.getModel(),
            commit.getRepo(),
            commit.getSha(),
            commit.getSpecPath(),
            commit.getMeta().getOccurredAt(),
            NO_FEEDBACK,
            List.of(),
            commit.getChangedPaths()));
  }
}
