package dev.mlpipe.cli.webhook;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlpipe webhook}: sign and send test deliveries. */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a GitHub webhook setup: `mlpipe webhook sign` prints the X-Hub-Signature-256 header"
          + " of a payload, `mlpipe webhook send` replays a saved delivery to a bridge.",
      "The bridge itself runs in `mlpipe up` (webhook= in the ready line) or as"
          + " `mlpipe webhook-bridge`."
    },
    subcommands = {SignCommand.class, SendCommand.class})
public final class WebhookCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
