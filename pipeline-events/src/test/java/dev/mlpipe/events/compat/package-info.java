/**
 * Compatibility scenarios that run unchanged against mlpipe's own infrastructure (the embedded
 * broker and the embedded registry over Kafka) and against the real thing (the apache/kafka and
 * confluentinc/cp-schema-registry images), so that whatever passes on a laptop without Docker is
 * also shown to hold against Confluent's registry wherever Docker exists.
 */
package dev.mlpipe.events.compat;
