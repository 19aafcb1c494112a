/**
 * The stage runtime: how a pipeline stage consumes its input topics, hands each decoded event to
 * its handler and publishes the results together with its consumer offsets in one Kafka
 * transaction, routes records it cannot decode or handle to their dead-letter topic, and reports
 * its health and metrics; plus the shared Kafka Streams configuration with the same exactly-once
 * and dead-letter behaviour for the stages built on Kafka Streams.
 */
package dev.mlpipe.events.runtime;
