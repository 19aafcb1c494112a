/**
 * The model registry as a pure fold over the deployer's own facts (ModelDeployed, RolledBack,
 * DeploymentFailed): per model every version with its artifact, metrics and run, its state and
 * traffic share per environment, and its history. Nothing else is stored, so any instance rebuilds
 * the same registry by reading the topics from the beginning, and replays converge.
 */
package dev.mlpipe.deployer.registry;
