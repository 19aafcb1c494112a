package dev.mlpipe.deployer.registry;

import dev.mlpipe.schemas.Environment;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a model's deployment history.
 *
 * @param at when it happened
 * @param kind {@code deployed}, {@code rolled-back} or {@code failed}
 * @param version the version it is about (for a rollback: the version traffic went back to)
 * @param environment where
 * @param trafficPercent the version's traffic share afterwards
 * @param detail what a person reads: strategy, reason, who asked
 * @param eventId the event it comes from
 */
public record HistoryEntry(
    Instant at,
    String kind,
    String version,
    Environment environment,
    int trafficPercent,
    String detail,
    String eventId) {

  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(eventId, "eventId");
    if (trafficPercent < 0 || trafficPercent > 100) {
      throw new IllegalArgumentException(
          "trafficPercent must be 0-100, was " + trafficPercent + " for version " + version);
    }
  }
}
