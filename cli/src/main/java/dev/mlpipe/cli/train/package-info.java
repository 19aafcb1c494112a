/**
 * {@code mlpipe train}: a training spec trained on this machine without Kafka, with progress per
 * epoch and a metrics table, so model authors try a spec before they commit it.
 */
package dev.mlpipe.cli.train;
