/**
 * How a stage is started, whether inside {@code mlpipe up} or as its own process: the environment
 * it is given (Kafka, registry, data directory, instance id) and the handle it returns (its
 * endpoints for the ready line, its health, and close). The cli wires stages only through these two
 * types.
 */
package dev.mlpipe.events.stage;
