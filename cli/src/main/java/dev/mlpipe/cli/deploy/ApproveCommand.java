package dev.mlpipe.cli.deploy;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe approve RUN_ID}: lets a run waiting in staging go on to production. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approves the production rollout of a run that waits for it (environments with"
          + " approval: manual). Publishes an Approve command, recorded with who and when.",
      "",
      "Example:",
      "  mlpipe approve 3f1c2a9e-8d4b-4c6e-9a1f-0b2c3d4e5f60"
    })
public final class ApproveCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to approve.")
  String runId;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The run's model (default: found from the run's staging deployment).")
  String model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String modelName = model != null ? model : modelOfRun();
    PipelineCommand command =
        PipelineCommand.newBuilder()
            .setMeta(Publisher.metas().newRun(runId))
            .setModel(modelName)
            .setRequestedBy(Publisher.metas().producer())
            .setCommand(
                Approve.newBuilder().setRunId(runId).setEnvironment(Environment.PRODUCTION).build())
            .build();
    try (Publisher publisher = new Publisher(connection)) {
      Published published = publisher.publish(Topics.COMMANDS, command);
      PrintWriter out = spec.commandLine().getOut();
      out.println("approved run " + runId + " of " + modelName + " for production");
      out.println(published.describe());
      out.flush();
    }
    return 0;
  }

  private String modelOfRun() {
    ModelRegistry registry;
    try (EventCodec codec = EventCodec.connect(connection.registry())) {
      registry = DeploymentEvents.registry(new PipelineClients(connection.bootstrap()), codec);
    }
    List<String> models =
        registry.models().values().stream()
            .filter(h -> h.versions().stream().anyMatch(v -> v.runId().equals(runId)))
            .map(ModelHistory::model)
            .toList();
    if (models.size() != 1) {
      throw new UserError(
          (models.isEmpty()
                  ? "no model has a deployment of run " + runId
                  : "run " + runId + " was deployed for several models " + models)
              + "; pass --model NAME",
          2,
          null);
    }
    return models.get(0);
  }
}
