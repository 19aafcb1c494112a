/**
 * Model serving over HTTP in the deployer's process: the models that the deployment events say
 * serve, loaded from the artifact store with their SHA-256 verified and swapped in atomically; the
 * recommend endpoint with its traffic split between stable and canary, sticky per user; the
 * per-version counters the canary checks read; and the prediction log that never blocks a request.
 */
package dev.mlpipe.deployer.serving;
