/**
 * The trainer as a Kafka stage: its reactions to a commit (train the commit's spec) and to a drift
 * event or a Retrain command (retrain the spec of the version serving production), the events it
 * publishes, and the bounded reads of the pipeline's topics a retrain decision and its live
 * feedback are made of. Each run publishes TrainingStarted at once and its outcome in the
 * transaction of the input's offset.
 */
package dev.mlpipe.trainer.stage;
