/**
 * Verification of the tamper-evident deployment log: every ModelDeployed, RolledBack and
 * DeploymentFailed carries the hash of its model's previous deployment event, and {@link
 * dev.mlpipe.deployer.audit.ChainVerifier} walks each model's events as read from the topics,
 * recomputing the hashes, and reports the chain intact or names its first broken link. Pure: the
 * reading is the caller's (the cli's {@code mlpipe audit verify}).
 */
package dev.mlpipe.deployer.audit;
