package dev.mlpipe.deployer.audit;

import dev.mlpipe.deployer.registry.EventHashes;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * One deployment event as the audit sees it: where it is stored, the hash it claims for its
 * predecessor, and the hashes it may be referred to by.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param model the model it belongs to
 * @param eventId its {@code meta.eventId}
 * @param occurredAtMillis its {@code meta.occurredAt}, epoch millis
 * @param summary one line for a person, e.g. {@code ModelDeployed v2 PRODUCTION 25 %}
 * @param previousHash the hash it carries of the model's previous deployment event; null for the
 *     first event of a model
 * @param hashes the hashes of this event a successor may carry, the first being the one reported:
 *     SHA-256 of the Avro body as stored, and of the event re-encoded with the reader's schema (the
 *     two differ only when the writer used another schema version)
 */
public record ChainLink(
    String topic,
    int partition,
    long offset,
    String model,
    String eventId,
    long occurredAtMillis,
    String summary,
    String previousHash,
    List<String> hashes) {

  /** Bytes before the Avro body in the Confluent wire format: magic byte and schema id. */
  static final int WIRE_HEADER_BYTES = 5;

  public ChainLink {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must be >= 0, were " + partition + " and " + offset);
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(summary, "summary");
    hashes = List.copyOf(Objects.requireNonNull(hashes, "hashes"));
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("event " + eventId + ": at least one hash is needed");
    }
  }

  /** The hash reported for this event. */
  public String hash() {
    return hashes.get(0);
  }

  /** Whether a successor carrying {@code hash} refers to this event. */
  public boolean isReferredToBy(String hash) {
    return hash != null && hashes.contains(hash);
  }

  /** {@code topic partition/offset}, how an operator finds the record. */
  public String position() {
    return topic + " " + partition + "/" + offset;
  }

  /**
   * The link of a decoded deployment event; empty for any other event type.
   *
   * @param wireValue the record's value as stored (Confluent wire format), or null when only the
   *     decoded event is at hand (then only its re-encoding is hashed)
   */
  public static Optional<ChainLink> of(
      String topic, int partition, long offset, SpecificRecord event, byte[] wireValue) {
    Objects.requireNonNull(event, "event");
    Set<String> hashes = new LinkedHashSet<>();
    if (wireValue != null && wireValue.length > WIRE_HEADER_BYTES) {
      hashes.add(sha256(wireValue, WIRE_HEADER_BYTES));
    }
    hashes.add(EventHashes.of(event));
    if (event instanceof ModelDeployed d) {
      return Optional.of(
          new ChainLink(
              topic,
              partition,
              offset,
              d.getModel(),
              d.getMeta().getEventId(),
              d.getMeta().getOccurredAt().toEpochMilli(),
              "ModelDeployed "
                  + d.getVersion()
                  + " "
                  + d.getEnvironment()
                  + " "
                  + d.getStrategy()
                  + " "
                  + d.getTrafficPercent()
                  + " %",
              d.getPreviousEventHash(),
              List.copyOf(hashes)));
    } else if (event instanceof RolledBack r) {
      return Optional.of(
          new ChainLink(
              topic,
              partition,
              offset,
              r.getModel(),
              r.getMeta().getEventId(),
              r.getMeta().getOccurredAt().toEpochMilli(),
              "RolledBack "
                  + r.getFromVersion()
                  + " -> "
                  + r.getToVersion()
                  + " "
                  + r.getEnvironment()
                  + (r.getAutomatic() ? " (automatic)" : " (manual)"),
              r.getPreviousEventHash(),
              List.copyOf(hashes)));
    } else if (event instanceof DeploymentFailed f) {
      return Optional.of(
          new ChainLink(
              topic,
              partition,
              offset,
              f.getModel(),
              f.getMeta().getEventId(),
              f.getMeta().getOccurredAt().toEpochMilli(),
              "DeploymentFailed " + f.getVersion() + " " + f.getEnvironment(),
              f.getPreviousEventHash(),
              List.copyOf(hashes)));
    }
    return Optional.empty();
  }

  private static String sha256(byte[] bytes, int from) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, from, bytes.length - from);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
