/**
 * The webhook bridge's configuration: one immutable, validated record with defaults, read from the
 * {@code MLPIPE_WEBHOOK_*} environment variables (the {@code webhook} section's keys once the
 * shared configuration loader reads YAML too).
 */
package dev.mlpipe.webhook.config;
