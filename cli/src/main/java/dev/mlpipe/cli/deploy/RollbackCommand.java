package dev.mlpipe.cli.deploy;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.deployer.registry.ModelVersion;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Rollback;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe rollback MODEL}: sends a model's production traffic back. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Sends all of a model's production traffic back to its last stable version (the newest that"
          + " served 100 % without a rollback) or to the one named. Publishes a Rollback command;"
          + " the deployer answers with RolledBack, or DeploymentFailed saying why not.",
      "",
      "Example:",
      "  mlpipe rollback movie-recommender --reason \"ndcg dropped\""
    })
public final class RollbackCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
  String model;

  @Option(names = "--to", paramLabel = "VERSION", description = "The version to go back to.")
  String toVersion;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      defaultValue = "manual rollback",
      description = "Why, for the history (default: ${DEFAULT-VALUE}).")
  String reason;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry registry;
    try (EventCodec codec = EventCodec.connect(connection.registry())) {
      registry = DeploymentEvents.registry(new PipelineClients(connection.bootstrap()), codec);
    }
    requireKnown(registry, model, toVersion);
    EventMetas metas = Publisher.metas();
    PipelineCommand command =
        PipelineCommand.newBuilder()
            .setMeta(metas.newRun())
            .setModel(model)
            .setRequestedBy(metas.producer())
            .setCommand(Rollback.newBuilder().setToVersion(toVersion).setReason(reason).build())
            .build();
    try (Publisher publisher = new Publisher(connection)) {
      Published published = publisher.publish(Topics.COMMANDS, command);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "asked to roll "
              + model
              + " back"
              + (toVersion != null ? " to " + toVersion : " to its last stable version"));
      out.println(published.describe());
      out.flush();
    }
    return 0;
  }

  /**
   * Refuses (user error, exit 2) a model that was never deployed or a target version it does not
   * have, before anything is published; whether the rollback can happen is the deployer's call.
   */
  static void requireKnown(ModelRegistry registry, String model, String toVersion) {
    ModelHistory history =
        registry
            .find(model)
            .orElseThrow(
                () ->
                    new UserError(
                        "no model '"
                            + model
                            + "' has been deployed; deployed models: "
                            + registry.models().keySet(),
                        2,
                        null));
    if (toVersion != null && history.version(toVersion).isEmpty()) {
      throw new UserError(
          "model "
              + model
              + " has no version '"
              + toVersion
              + "'; its versions: "
              + history.versions().stream().map(ModelVersion::version).toList(),
          2,
          null);
    }
  }
}
