package dev.mlpipe.cli.stage;

import dev.mlpipe.drift.DriftMonitorApp;
import dev.mlpipe.events.stage.StageLauncher;
import picocli.CommandLine.Command;

/** {@code mlpipe drift-monitor}: the drift monitor as its own process. */
@Command(
    name = "drift-monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the drift monitor: compares each deployed version's predictions with its training"
          + " reference, window by window, and publishes DriftDetected.",
      "Windows and thresholds: the drift-monitor section of config/base.yaml."
    })
public final class DriftMonitorCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return DriftMonitorApp.STAGE;
  }

  @Override
  protected StageLauncher launcher() {
    return DriftMonitorApp::start;
  }
}
