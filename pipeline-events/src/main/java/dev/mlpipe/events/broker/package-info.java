/**
 * An embedded single-node KRaft Kafka broker: the single-machine default of {@code mlpipe up} and
 * the real broker of the integration tests.
 */
package dev.mlpipe.events.broker;
