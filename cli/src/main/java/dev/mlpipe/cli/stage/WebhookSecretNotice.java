package dev.mlpipe.cli.stage;

import dev.mlpipe.webhook.WebhookBridgeApp;
import java.nio.file.Path;

/**
 * Shows the webhook secret the bridge generated (because none was configured) on the terminal of
 * the person who started it, once: the only place it is ever printed.
 */
final class WebhookSecretNotice implements WebhookBridgeApp.SecretNotice {

  @Override
  public void generated(String secret, Path file) {
    System.out.println(
        "webhook: no MLPIPE_WEBHOOK_SECRET set; generated this secret (shown only now, kept in "
            + file
            + "): "
            + secret);
    System.out.println(
        "webhook: give GitHub the webhook= URL of the ready line (reachable from GitHub, e.g."
            + " through a tunnel), content type application/json, and this secret");
    System.out.flush();
  }

  /** Starts the bridge, showing a generated secret on the terminal. */
  static dev.mlpipe.events.stage.RunningStage start(dev.mlpipe.events.stage.StageEnvironment env) {
    return WebhookBridgeApp.start(env, new WebhookSecretNotice());
  }
}
