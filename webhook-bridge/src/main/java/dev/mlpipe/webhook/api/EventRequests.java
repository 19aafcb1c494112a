package dev.mlpipe.webhook.api;

import dev.mlpipe.events.json.EventJson;
import dev.mlpipe.events.json.EventJsonException;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.schemas.EventMeta;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decides one {@code POST /v1/events/{event-type}} request: unknown type (404), no or unknown token
 * (401), token not allowed this type (403), too large (413), not JSON (415), JSON that does not
 * match the event's Avro schema (400 with every bad field), else publish. A body without {@code
 * meta} gets one that starts a new run.
 */
public final class EventRequests {

  /** Events are small; a larger body is a mistake, not an event. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final ApiTokens tokens;

  public EventRequests(ApiTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * @param eventType the path's last segment
   * @param authorization the {@code Authorization} header, or null
   * @param contentType the {@code Content-Type} header, or null
   * @param body the raw body
   * @param newRun makes the meta of an event that starts a new run
   */
  public ApiDecision decide(
      String eventType,
      String authorization,
      String contentType,
      byte[] body,
      Supplier<EventMeta> newRun) {
    Optional<Topic<? extends SpecificRecord>> topic = EventTypes.topic(eventType);
    if (topic.isEmpty()) {
      return new ApiDecision.Reject(
          404, "no event type '" + eventType + "'; the event types are " + EventTypes.all());
    }
    switch (tokens.check(authorization, eventType)) {
      case MISSING:
        return new ApiDecision.Reject(
            401,
            tokens.isEmpty()
                ? "the events API has no tokens configured; set MLPIPE_WEBHOOK_API_TOKENS"
                : "send a token as 'Authorization: Bearer <token>'");
      case UNKNOWN:
        return new ApiDecision.Reject(401, "the bearer token is not a configured API token");
      case FORBIDDEN:
        return new ApiDecision.Reject(403, "this token may not publish '" + eventType + "' events");
      case ALLOWED:
      default:
        break;
    }
    if (body.length > MAX_BODY_BYTES) {
      return new ApiDecision.Reject(
          413, "the body is larger than " + MAX_BODY_BYTES + " bytes; an event is much smaller");
    }
    if (contentType != null
        && !contentType
            .split(";", 2)[0]
            .strip()
            .toLowerCase(Locale.ROOT)
            .equals("application/json")) {
      return new ApiDecision.Reject(
          415, "content type " + contentType + " is not application/json");
    }
    try {
      SpecificRecord event =
          EventJson.read(new String(body, StandardCharsets.UTF_8), topic.get().valueType(), newRun);
      Object model = ((GenericRecord) event).get("model");
      return new ApiDecision.Publish(topic.get(), String.valueOf(model), event);
    } catch (EventJsonException e) {
      return new ApiDecision.Reject(
          400,
          "the body is not a valid " + eventType + " event (" + e.recordName() + ")",
          e.problems());
    }
  }
}
