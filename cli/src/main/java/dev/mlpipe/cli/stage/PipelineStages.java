package dev.mlpipe.cli.stage;

import dev.mlpipe.console.ConsoleApp;
import dev.mlpipe.deployer.DeployerApp;
import dev.mlpipe.drift.DriftMonitorApp;
import dev.mlpipe.events.stage.StageLauncher;
import dev.mlpipe.gatekeeper.GatekeeperApp;
import dev.mlpipe.gatekeeper.GatekeeperConfig;
import dev.mlpipe.trainer.TrainerApp;
import dev.mlpipe.webhook.WebhookBridgeApp;
import java.util.List;
import java.util.Objects;

/** Every stage {@code mlpipe up} starts, in start order (closed in reverse). */
public final class PipelineStages {

  /** One stage: its name and how to start it. */
  public record Entry(String name, StageLauncher launcher) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(launcher, "launcher");
    }
  }

  /** Add a stage here when its module lands; the order is the order of the loop. */
  public static final List<Entry> ALL =
      List.of(
          new Entry("trainer", TrainerApp::start),
          new Entry(GatekeeperConfig.STAGE, GatekeeperApp::start),
          new Entry(DeployerApp.STAGE, DeployerApp::start),
          new Entry(DriftMonitorApp.STAGE, DriftMonitorApp::start),
          new Entry(WebhookBridgeApp.STAGE, WebhookSecretNotice::start),
          new Entry(ConsoleApp.NAME, ConsoleTokenNotice::start));

  private PipelineStages() {}
}
