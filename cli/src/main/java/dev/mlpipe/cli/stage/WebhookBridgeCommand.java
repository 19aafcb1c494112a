package dev.mlpipe.cli.stage;

import dev.mlpipe.events.stage.StageLauncher;
import dev.mlpipe.webhook.WebhookBridgeApp;
import picocli.CommandLine.Command;

/** {@code mlpipe webhook-bridge}: the GitHub webhook bridge and events API as its own process. */
@Command(
    name = "webhook-bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the webhook bridge: POST /webhooks/github turns signed GitHub push deliveries into"
          + " CommitPushed events (once per delivery), POST /v1/events/{event-type} publishes"
          + " events for CI systems, GET /v1/openapi.json describes both.",
      "",
      "Configuration (environment): MLPIPE_WEBHOOK_SECRET (comma-separated, new one first;"
          + " generated and printed once when unset), MLPIPE_WEBHOOK_PORT (default 8090),"
          + " MLPIPE_WEBHOOK_REPOSITORIES, MLPIPE_WEBHOOK_BRANCHES, MLPIPE_WEBHOOK_PATHS (globs),"
          + " MLPIPE_WEBHOOK_MODELS (owner/name=model,...), MLPIPE_WEBHOOK_PULL_REQUESTS,"
          + " MLPIPE_WEBHOOK_API_TOKENS (TOKEN[:type|type],...)."
    })
public final class WebhookBridgeCommand extends RunStageCommand {

  @Override
  protected String stageName() {
    return WebhookBridgeApp.STAGE;
  }

  @Override
  protected StageLauncher launcher() {
    return WebhookSecretNotice::start;
  }
}
