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
import dev.mlpipe.deployer.registry.VersionState;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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
      description =
          "The run's model (default: found from the run's staging deployment). Either way the run"
              + " must wait in staging for approval, else nothing is published (exit 2).")
  String model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry registry;
    try (EventCodec codec = EventCodec.connect(connection.registry())) {
      registry = DeploymentEvents.registry(new PipelineClients(connection.bootstrap()), codec);
    }
    String modelName = waitingRun(registry, runId, model).model();
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

  /**
   * The model whose deployment of the run can be approved, or a user error (exit 2) saying why
   * none: the model was never deployed, no model (or not the one named) has the run, or the run's
   * version is past approval already (in production, rolled back, failed).
   *
   * @param model the model the user named, or null to find it from the run
   */
  static ModelHistory waitingRun(ModelRegistry registry, String runId, String model) {
    if (model != null && registry.find(model).isEmpty()) {
      throw new UserError(
          "no model '"
              + model
              + "' has been deployed; deployed models: "
              + registry.models().keySet(),
          2,
          null);
    }
    List<ModelHistory> models =
        registry.models().values().stream()
            .filter(h -> model == null || h.model().equals(model))
            .filter(h -> h.versions().stream().anyMatch(v -> v.runId().equals(runId)))
            .toList();
    if (models.isEmpty()) {
      throw new UserError(
          (model == null ? "no model" : "model " + model)
              + " has a deployment of run "
              + runId
              + "; runs waiting for approval: "
              + waiting(registry, model),
          2,
          null);
    }
    if (models.size() > 1) {
      throw new UserError(
          "run "
              + runId
              + " was deployed for several models "
              + models.stream().map(ModelHistory::model).toList()
              + "; pass --model NAME",
          2,
          null);
    }
    ModelHistory history = models.get(0);
    for (ModelVersion v : history.versions()) {
      if (!v.runId().equals(runId)) {
        continue;
      }
      VersionState production = v.stateIn(Environment.PRODUCTION);
      VersionState staging = v.stateIn(Environment.STAGING);
      if (production != VersionState.CANDIDATE || staging != VersionState.STAGING) {
        throw new UserError(
            "run "
                + runId
                + " (version "
                + v.version()
                + " of "
                + history.model()
                + ") does not wait for approval: it is "
                + staging.name().toLowerCase(Locale.ROOT)
                + " in staging and "
                + production.name().toLowerCase(Locale.ROOT)
                + " in production; runs waiting for approval: "
                + waiting(registry, history.model()),
            2,
            null);
      }
    }
    return history;
  }

  /** The runs in staging that never reached production, per model. */
  private static List<String> waiting(ModelRegistry registry, String model) {
    return registry.models().values().stream()
        .filter(h -> model == null || h.model().equals(model))
        .flatMap(
            h ->
                h.versions().stream()
                    .filter(v -> v.stateIn(Environment.STAGING) == VersionState.STAGING)
                    .filter(v -> v.stateIn(Environment.PRODUCTION) == VersionState.CANDIDATE)
                    .map(v -> v.runId() + " (" + h.model() + " " + v.version() + ")"))
        .toList();
  }
}
