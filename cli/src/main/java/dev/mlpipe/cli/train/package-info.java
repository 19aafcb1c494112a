/**
 * Training from the command line: {@code mlpipe train} trains a spec on this machine without Kafka,
 * with progress per epoch and a metrics table, so model authors try a spec before they commit it;
 * {@code mlpipe retrain} asks the trainer to train the production version again.
 */
package dev.mlpipe.cli.train;
