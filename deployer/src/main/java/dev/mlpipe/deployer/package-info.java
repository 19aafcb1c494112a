/**
 * The deployer stage: its configuration and its one entry point, {@link
 * dev.mlpipe.deployer.DeployerApp}, which wires the rollout stream, the serving follower and the
 * HTTP server together. The logic lives in the subpackages.
 */
package dev.mlpipe.deployer;
