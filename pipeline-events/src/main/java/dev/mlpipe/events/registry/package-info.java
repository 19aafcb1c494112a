/**
 * The client side of the Confluent Schema Registry REST API: register and look up schemas, read
 * subjects and versions, test and configure compatibility. Works against the embedded registry and
 * a real Confluent Schema Registry alike ({@link
 * dev.mlpipe.events.registry.HttpSchemaRegistryClient}, configured by {@link
 * dev.mlpipe.events.registry.RegistryClientConfig}). The embedded server is in the {@code server}
 * subpackage.
 */
package dev.mlpipe.events.registry;
