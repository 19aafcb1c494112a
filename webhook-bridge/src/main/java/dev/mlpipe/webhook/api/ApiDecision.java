package dev.mlpipe.webhook.api;

import dev.mlpipe.events.json.JsonProblem;
import dev.mlpipe.events.topic.Topic;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** What to do with one events-API request. */
public sealed interface ApiDecision {

  /** Publish {@code event} to {@code topic} under {@code key} (the model name); answered 201. */
  record Publish(Topic<? extends SpecificRecord> topic, String key, SpecificRecord event)
      implements ApiDecision {
    public Publish {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * Refuse with {@code status}: 400 (bad JSON, with the problems), 401, 403, 404, 413, 415.
   *
   * @param problems the fields that are wrong, each with its path; empty when not about fields
   */
  record Reject(int status, String message, List<JsonProblem> problems) implements ApiDecision {
    public Reject {
      Objects.requireNonNull(message, "message");
      problems = List.copyOf(problems);
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a rejection is a 4xx status, was " + status);
      }
    }

    public Reject(int status, String message) {
      this(status, message, List.of());
    }
  }
}
