/**
 * Pure rollout decisions: what happens to a model when a validation passes (verified artifact to
 * staging, then production after approval by canary steps or blue-green), when a canary step is
 * checked against the stable version, and when a person approves, promotes or rolls back. Inputs
 * are plain values (the model's registry, the artifact check's outcome, traffic statistics, the
 * clock); outputs are the next state and the events to publish. No Kafka, no I/O.
 */
package dev.mlpipe.deployer.rollout;
