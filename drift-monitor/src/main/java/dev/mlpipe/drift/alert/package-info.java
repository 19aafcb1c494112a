/**
 * Alerts where teams look: an {@link dev.mlpipe.drift.alert.Alert} made from a pipeline event
 * (DriftDetected, TrainingFailed, ValidationFailed, DeploymentFailed, RolledBack), sinks that
 * deliver it (a Slack-compatible incoming webhook, a generic JSON webhook, GitHub issues, e-mail
 * over SMTP), and {@link dev.mlpipe.drift.alert.AlertDelivery}, which retries with backoff,
 * delivers each event at most once per sink, and runs on its own thread so a sink that is down
 * never slows detection.
 */
package dev.mlpipe.drift.alert;
