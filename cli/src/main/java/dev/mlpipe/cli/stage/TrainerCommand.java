package dev.mlpipe.cli.stage;

import dev.mlpipe.events.stage.StageLauncher;
import dev.mlpipe.trainer.TrainerApp;
import picocli.CommandLine.Command;

/** {@code mlpipe trainer}: the trainer stage as its own process. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the trainer stage against the given Kafka and schema registry: for each commit event"
          + " it reads mlpipe.yaml at the commit, trains and evaluates the candidates, stores the"
          + " chosen model in DATA-DIR/artifacts and publishes TrainingStarted, then"
          + " TrainingFinished or TrainingFailed. Instances share the consumer group `trainer`.",
      "",
      "Example:  mlpipe trainer --bootstrap kafka:9092 --registry http://registry:8081"
    })
public final class TrainerCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return "trainer";
  }

  @Override
  protected StageLauncher launcher() {
    return TrainerApp::start;
  }
}
