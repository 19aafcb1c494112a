/**
 * The deployment commands: {@code mlpipe approve} and {@code mlpipe rollback} publish commands on
 * {@code mlpipe.commands} for the deployer, and {@code mlpipe models} shows the model registry
 * folded from the deployment events.
 */
package dev.mlpipe.cli.deploy;
