/**
 * Conventions of the reference profiles the trainer publishes and the drift monitor reads, beyond
 * what the Avro schema can say.
 */
package dev.mlpipe.events.profile;
