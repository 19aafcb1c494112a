package dev.mlpipe.cli.train;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Retrain;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe retrain MODEL}: asks the trainer to train the production version again. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the version of a model that serves production again, from its spec at its commit,"
          + " on the spec's data plus the live feedback collected so far. Publishes a Retrain"
          + " command; the trainer answers with TrainingStarted (trigger RETRAIN_COMMAND) and"
          + " TrainingFinished or TrainingFailed, then the gate and the rollout follow as for a"
          + " commit. Nothing in production: the trainer logs that it skipped it.",
      "",
      "Example:",
      "  mlpipe retrain movielens-recsys --reason \"a month of new ratings\""
    })
public final class RetrainCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
  String model;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      defaultValue = "manual retrain",
      description = "Why, for the history (default: ${DEFAULT-VALUE}).")
  String reason;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    EventMetas metas = Publisher.metas();
    PipelineCommand command =
        PipelineCommand.newBuilder()
            .setMeta(metas.newRun())
            .setModel(model)
            .setRequestedBy(metas.producer())
            .setCommand(Retrain.newBuilder().setReason(reason).build())
            .build();
    try (Publisher publisher = new Publisher(connection)) {
      Published published = publisher.publish(Topics.COMMANDS, command);
      PrintWriter out = spec.commandLine().getOut();
      out.println("asked to retrain " + model + "'s production version");
      out.println(published.describe());
      out.flush();
    }
    return 0;
  }
}
