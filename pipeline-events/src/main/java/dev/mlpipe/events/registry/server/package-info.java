/**
 * The embedded schema registry: an HTTP server speaking the Confluent Schema Registry REST API
 * (same paths, content type, error codes and Avro compatibility rules) whose state is a log of
 * {@link dev.mlpipe.events.registry.server.RegistryCommand}s kept in a {@link
 * dev.mlpipe.events.registry.server.SchemaStore}: in memory for tests, or in the compacted {@code
 * _schemas} Kafka topic so that ids survive restarts and every instance on a broker agrees on them.
 */
package dev.mlpipe.events.registry.server;
