package dev.mlpipe.webhook.github;

import java.util.Objects;

/**
 * One webhook request as it arrived: the headers that matter and the raw body (the signature covers
 * the raw bytes, so the body is never re-encoded before it is checked).
 *
 * @param event {@code X-GitHub-Event}, e.g. {@code push}; null when absent
 * @param deliveryId {@code X-GitHub-Delivery}, a GUID GitHub keeps for redeliveries; null when
 *     absent
 * @param signature {@code X-Hub-Signature-256}; null when absent
 * @param contentType {@code Content-Type}; null when absent
 * @param body the raw body
 */
public record Delivery(
    String event, String deliveryId, String signature, String contentType, byte[] body) {

  public Delivery {
    Objects.requireNonNull(body, "body");
  }

  /** The delivery id for logs: the id, or {@code (none)}. */
  public String idForLog() {
    return deliveryId == null || deliveryId.isBlank() ? "(none)" : deliveryId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Delivery d
        && Objects.equals(event, d.event)
        && Objects.equals(deliveryId, d.deliveryId)
        && Objects.equals(signature, d.signature)
        && Objects.equals(contentType, d.contentType)
        && java.util.Arrays.equals(body, d.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, deliveryId, signature, contentType, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "Delivery[event="
        + event
        + ", id="
        + deliveryId
        + ", contentType="
        + contentType
        + ", "
        + body.length
        + " bytes]";
  }
}
