/**
 * {@code mlpipe drift report}: what the drift monitor found in a model's latest judged window, per
 * feature, read from its DriftDetected events.
 */
package dev.mlpipe.cli.drift;
