package dev.mlpipe.webhook.api;

import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event types of the API: one per catalogue topic, named like the topic without its prefix
 * ({@code commit}, {@code training-finished}, {@code feedback}, ...).
 */
public final class EventTypes {

  private EventTypes() {}

  /** The type name of a topic. */
  public static String typeOf(Topic<?> topic) {
    return topic.name().substring(Topics.PREFIX.length());
  }

  /** Every type name, in catalogue order. */
  public static List<String> all() {
    return Topics.ALL.stream().map(EventTypes::typeOf).toList();
  }

  /** The topic of a type name. */
  public static Optional<Topic<? extends SpecificRecord>> topic(String type) {
    return Topics.byName(Topics.PREFIX + type);
  }
}
