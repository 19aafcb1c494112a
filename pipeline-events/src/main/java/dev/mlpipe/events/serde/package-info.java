/**
 * The Confluent wire format for pipeline events: Avro records framed as magic byte 0, a 4-byte
 * big-endian schema id and the Avro binary body, with schemas registered in and resolved from a
 * Confluent-compatible schema registry. Holds the Kafka serializer and deserializer (specific and
 * generic records), the decoder that names topic, partition and offset in its errors, and the
 * factory that builds serdes for the catalogue's topics.
 */
package dev.mlpipe.events.serde;
