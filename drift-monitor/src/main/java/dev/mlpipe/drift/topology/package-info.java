/**
 * The drift monitor's Kafka Streams topology: training references per model version from
 * training-finished, predictions cut into windows per model version, each window judged when it
 * closes, and DriftDetected published once per model version, kind and window. The statistics and
 * the window rules live in the pure packages; this package only keeps their state in Kafka.
 */
package dev.mlpipe.drift.topology;
