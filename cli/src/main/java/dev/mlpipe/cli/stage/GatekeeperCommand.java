package dev.mlpipe.cli.stage;

import dev.mlpipe.events.stage.StageLauncher;
import dev.mlpipe.gatekeeper.GatekeeperApp;
import dev.mlpipe.gatekeeper.GatekeeperConfig;
import picocli.CommandLine.Command;

/** {@code mlpipe gatekeeper}: the gatekeeper stage alone. */
@Command(
    name = "gatekeeper",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the gatekeeper alone: judges every mlpipe.training-finished candidate against the gate"
          + " policy (thresholds and the production champion), re-checks its artifact and"
          + " metrics, and publishes one mlpipe.validation-passed or mlpipe.validation-failed.",
      "Policy syntax: gatekeeper/POLICY.md."
    })
public final class GatekeeperCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return GatekeeperConfig.STAGE;
  }

  @Override
  protected StageLauncher launcher() {
    return GatekeeperApp::start;
  }
}
