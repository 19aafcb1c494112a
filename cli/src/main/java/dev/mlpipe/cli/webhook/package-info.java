/**
 * {@code mlpipe webhook}: tools for setting up the GitHub webhook: sign a saved payload the way
 * GitHub does, and replay a saved delivery to a running bridge.
 */
package dev.mlpipe.cli.webhook;
