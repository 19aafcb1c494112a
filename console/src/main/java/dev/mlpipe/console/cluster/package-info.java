/**
 * What the console shows of the Kafka cluster, read through the Admin client and short-lived
 * consumers outside any group: consumer groups with their members, state and lag per partition;
 * topics with partitions, offsets and retention; and messages browsed by offset, decoded through
 * the schema registry, with the error headers of dead letters.
 */
package dev.mlpipe.console.cluster;
