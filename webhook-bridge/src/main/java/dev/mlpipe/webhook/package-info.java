/**
 * The webhook bridge stage: turns GitHub webhook deliveries into CommitPushed events and lets other
 * systems publish pipeline events over HTTP. {@link dev.mlpipe.webhook.WebhookBridgeApp} only wires
 * configuration, Kafka, the registry and the HTTP server together.
 */
package dev.mlpipe.webhook;
