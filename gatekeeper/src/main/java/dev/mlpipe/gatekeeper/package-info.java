/**
 * The gatekeeper stage's entry point and configuration: {@link GatekeeperApp#start} wires the
 * configuration, the registry, the artifact store and the topology into a running Kafka Streams
 * application.
 */
package dev.mlpipe.gatekeeper;
