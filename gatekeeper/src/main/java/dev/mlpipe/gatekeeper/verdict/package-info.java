/**
 * Turns one TrainingFinished (and the model's champion, if any) into exactly one verdict event:
 * resolves the effective policy (defaults of the model kind, the environment's layer, the
 * repository's {@code gates:}), verifies the artifact, evaluates, and writes the full report into a
 * ValidationPassed or ValidationFailed caused by the TrainingFinished.
 */
package dev.mlpipe.gatekeeper.verdict;
