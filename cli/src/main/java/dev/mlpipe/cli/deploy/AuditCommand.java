package dev.mlpipe.cli.deploy;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.EventCodec;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.deployer.audit.ChainLink;
import dev.mlpipe.deployer.audit.ChainReport;
import dev.mlpipe.deployer.audit.ChainVerifier;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlpipe audit}: checks of the deployment log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Checks the tamper-evident deployment log.",
    subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mlpipe audit verify [MODEL]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Reads every ModelDeployed, RolledBack and DeploymentFailed (read_committed), recomputes"
            + " each model's hash chain (every event carries the hash of the model's previous"
            + " one) and prints OK with the number of events and the chain head, or the first"
            + " broken link: where it is stored, the event, the hash expected and the one found.",
        "Exit code 0 when every chain is intact, 1 when one is broken, 2 for an unknown model.",
        "",
        "Example:",
        "  mlpipe audit verify movie-recommender"
      })
  public static final class Verify implements Callable<Integer> {

    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "One model.")
    String model;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<ChainLink> links;
      try (EventCodec codec = EventCodec.connect(connection.registry())) {
        links = DeploymentEvents.readLinks(new PipelineClients(connection.bootstrap()), codec);
      }
      List<ChainReport> reports = ChainVerifier.verify(links);
      if (model != null) {
        reports = reports.stream().filter(r -> r.model().equals(model)).toList();
        if (reports.isEmpty()) {
          throw new UserError(
              "no deployment event of model '"
                  + model
                  + "'; models with deployment events: "
                  + ChainVerifier.verify(links).stream().map(ChainReport::model).toList(),
              2,
              null);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (reports.isEmpty()) {
        out.println("no deployment events yet: nothing to verify");
      }
      reports.forEach(r -> out.println(r.describe()));
      out.flush();
      return reports.stream().allMatch(ChainReport::isIntact) ? 0 : 1;
    }
  }
}
