/**
 * The webhook bridge's configuration: one immutable, validated record built from the {@code
 * webhook} section of the pipeline configuration (config/base.yaml, the environment's file, the
 * {@code MLPIPE_WEBHOOK_*} variables).
 */
package dev.mlpipe.webhook.config;
