package dev.mlpipe.webhook.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The value recorded for a published delivery id: which event it became.
 *
 * @param eventId the event's id
 * @param runId the run it started
 * @param publishedAt epoch millis of the transaction
 * @param fingerprint what the request that published it looked like (a hash of its body), to tell a
 *     retry from a different request that reuses the key; null where not recorded
 */
record LedgerEntry(String eventId, String runId, long publishedAt, String fingerprint) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  LedgerEntry {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(runId, "runId");
  }

  byte[] toBytes() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("eventId", eventId);
    node.put("runId", runId);
    node.put("publishedAt", publishedAt);
    if (fingerprint != null) {
      node.put("fingerprint", fingerprint);
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a recorded value.
   *
   * @throws IllegalArgumentException naming what is wrong when the value is not a ledger entry
   */
  static LedgerEntry fromBytes(byte[] value) {
    try {
      JsonNode node = MAPPER.readTree(value);
      if (node == null || !node.path("eventId").isTextual() || !node.path("runId").isTextual()) {
        throw new IllegalArgumentException("a ledger entry needs eventId and runId");
      }
      return new LedgerEntry(
          node.get("eventId").textValue(),
          node.get("runId").textValue(),
          node.path("publishedAt").asLong(0),
          node.path("fingerprint").isTextual() ? node.get("fingerprint").textValue() : null);
    } catch (IOException e) {
      throw new IllegalArgumentException("a ledger entry is not JSON: " + e.getMessage(), e);
    }
  }
}
