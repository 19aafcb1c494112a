package dev.mlpipe.cli;

import dev.mlpipe.cli.data.DataCommand;
import dev.mlpipe.cli.deploy.ApproveCommand;
import dev.mlpipe.cli.deploy.AuditCommand;
import dev.mlpipe.cli.deploy.ModelsCommand;
import dev.mlpipe.cli.deploy.RollbackCommand;
import dev.mlpipe.cli.dlq.DlqCommand;
import dev.mlpipe.cli.drift.DriftCommand;
import dev.mlpipe.cli.gate.GateCommand;
import dev.mlpipe.cli.publish.PublishCommand;
import dev.mlpipe.cli.runs.DoraCommand;
import dev.mlpipe.cli.runs.RunsCommand;
import dev.mlpipe.cli.runs.TraceCommand;
import dev.mlpipe.cli.simulate.SimulateCommand;
import dev.mlpipe.cli.stage.ConsoleCommand;
import dev.mlpipe.cli.stage.DeployerCommand;
import dev.mlpipe.cli.stage.DriftMonitorCommand;
import dev.mlpipe.cli.stage.GatekeeperCommand;
import dev.mlpipe.cli.stage.MetricsSinkCommand;
import dev.mlpipe.cli.stage.TrainerCommand;
import dev.mlpipe.cli.stage.WebhookBridgeCommand;
import dev.mlpipe.cli.topics.TopicsCommand;
import dev.mlpipe.cli.train.RetrainCommand;
import dev.mlpipe.cli.train.TrainCommand;
import dev.mlpipe.cli.up.UpCommand;
import dev.mlpipe.cli.watch.WatchCommand;
import dev.mlpipe.cli.webhook.WebhookCommand;
import dev.mlpipe.deployer.serving.ServingServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlpipe} command. */
@Command(
    name = "mlpipe",
    mixinStandardHelpOptions = true,
    version = "mlpipe 0.1.0",
    description = {
      "Continuous delivery for machine-learning models, as events on Kafka: a commit becomes an"
          + " event, and the trainer, gatekeeper, deployer and drift monitor each react to the"
          + " events they own.",
      "",
      "Start here:",
      "  mlpipe up --demo          the pipeline on this machine, with a demo run",
      "  mlpipe watch              every event, live",
      "  mlpipe publish commit     a commit of a model repository (starts a run)",
      "  mlpipe runs               every run and each stage's outcome",
      "  mlpipe trace RUN          why a run's version is where it is",
      "  mlpipe dora               delivery figures per model and week",
      "  mlpipe topics             topics, offsets and consumer-group lag",
      "  mlpipe models [MODEL]     deployed versions, traffic and history",
      "  mlpipe rollback MODEL     traffic back to the last stable version",
      "  mlpipe audit verify       check the deployment log's hash chain",
      "  mlpipe simulate traffic   requests (and feedback, drift) to serving",
      "  mlpipe drift report MODEL the latest drift window's statistics per feature",
      "",
      "Every command takes --help. Connection: --bootstrap / MLPIPE_BOOTSTRAP and --registry /"
          + " MLPIPE_REGISTRY_URL, defaulting to a local `mlpipe up`."
    },
    subcommands = {
      UpCommand.class,
      PublishCommand.class,
      WatchCommand.class,
      RunsCommand.class,
      TraceCommand.class,
      DoraCommand.class,
      ConsoleCommand.class,
      TopicsCommand.class,
      DlqCommand.class,
      DataCommand.class,
      GatekeeperCommand.class,
      GateCommand.class,
      TrainCommand.class,
      RetrainCommand.class,
      TrainerCommand.class,
      DeployerCommand.class,
      ApproveCommand.class,
      RollbackCommand.class,
      ModelsCommand.class,
      AuditCommand.class,
      WebhookBridgeCommand.class,
      WebhookCommand.class,
      DriftMonitorCommand.class,
      SimulateCommand.class,
      DriftCommand.class,
      MetricsSinkCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before any JDK HTTP server starts: serving answers without Nagle's 40 ms (see there).
    System.setProperty(ServingServer.NO_DELAY_PROPERTY, "true");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: subcommands, and errors printed as one line each. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("mlpipe: " + e.getMessage());
          failed.getErr().println("see `" + failed.getCommandSpec().qualifiedName() + " --help`");
          failed.getErr().flush();
          return 2;
        });
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
