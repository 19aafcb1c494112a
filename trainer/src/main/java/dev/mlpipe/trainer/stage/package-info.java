/**
 * The trainer as a Kafka stage: its reaction to a commit event (read the spec at the commit,
 * announce the run, train, publish the outcome in the transaction of the input's offset) and the
 * events it publishes.
 */
package dev.mlpipe.trainer.stage;
