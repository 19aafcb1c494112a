/**
 * The deployment commands: {@code mlpipe approve} and {@code mlpipe rollback} publish commands on
 * {@code mlpipe.commands} for the deployer, {@code mlpipe models} shows the model registry folded
 * from the deployment events, and {@code mlpipe audit verify} checks their hash chain.
 */
package dev.mlpipe.cli.deploy;
