package dev.mlpipe.cli.stage;

import dev.mlpipe.deployer.DeployerApp;
import dev.mlpipe.events.stage.StageLauncher;
import picocli.CommandLine.Command;

/** {@code mlpipe deployer}: the deployer stage (rollout and serving) as its own process. */
@Command(
    name = "deployer",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the deployer: rolls validated models out (staging, approval, canary or blue-green,"
          + " automatic rollback) and serves them over HTTP (serving= in the ready line).",
      "Its port is deployer.serving.port (env MLPIPE_DEPLOYER_SERVING_PORT, 0 = any free port)."
    })
public final class DeployerCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return DeployerApp.STAGE;
  }

  @Override
  protected StageLauncher launcher() {
    return DeployerApp::start;
  }
}
