/**
 * Kafka Streams exception handlers that put a record a Streams stage cannot decode or process on
 * the dead-letter topic of the topic it came from; Kafka Streams instantiates them by class name
 * from the properties that {@link dev.mlpipe.events.runtime.StreamsStageConfig} builds, and no
 * other code should use them directly.
 */
package dev.mlpipe.events.runtime.internal;
