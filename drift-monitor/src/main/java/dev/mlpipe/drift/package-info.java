/**
 * The drift monitor stage: {@link dev.mlpipe.drift.DriftMonitorApp} wires its configuration, the
 * schema registry and the Kafka Streams topology that compares each deployed version's live
 * predictions with its training reference and publishes DriftDetected.
 */
package dev.mlpipe.drift;
