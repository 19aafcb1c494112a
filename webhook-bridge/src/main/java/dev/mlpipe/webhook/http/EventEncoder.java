package dev.mlpipe.webhook.http;

import dev.mlpipe.events.topic.Topic;
import org.apache.avro.specific.SpecificRecord;

/** Serializes an event for its topic (the Confluent wire format, in production). */
@FunctionalInterface
public interface EventEncoder {

  byte[] encode(Topic<? extends SpecificRecord> topic, SpecificRecord event);
}
