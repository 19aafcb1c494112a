package dev.mlpipe.console.sink;

import dev.mlpipe.events.runtime.InputEvent;
import dev.mlpipe.events.runtime.StageHandler;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an event's metric rows and publishes nothing. The stage runtime commits the event's offset
 * after this returns, so a crash in between hands the event again and the idempotent insert writes
 * no duplicate.
 *
 * <p>While the database is unreachable the handler waits and tries again (backing off up to {@link
 * #MAX_BACKOFF}) instead of failing, because a failed event would be dead-lettered although nothing
 * is wrong with it; closing the stage interrupts the wait and the event is processed again at the
 * next start. Any other SQL error fails the event, which the runtime dead-letters.
 */
public final class MetricsSinkHandler implements StageHandler<SpecificRecord, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(MetricsSinkHandler.class);

  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final MetricsDatabase database;

  public MetricsSinkHandler(MetricsDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public List<ProducerRecord<String, SpecificRecord>> handle(InputEvent<SpecificRecord> event)
      throws SQLException, InterruptedException {
    List<MetricRow> rows = event.value() == null ? List.of() : MetricRows.of(event.value());
    if (rows.isEmpty()) {
      return List.of();
    }
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      try {
        int inserted = database.insert(rows);
        log.debug(
            "{}: {} of {} ml_metrics rows new (model {}, version {}, run {})",
            event.position(),
            inserted,
            rows.size(),
            rows.get(0).model(),
            rows.get(0).version(),
            rows.get(0).run());
        return List.of();
      } catch (SQLException e) {
        if (!MetricsDatabase.isConnectionFailure(e)) {
          throw e;
        }
        log.warn(
            "metrics database {} unreachable while writing {} ({}); trying again in {}",
            database.url(),
            event.position(),
            e.getMessage(),
            backoff);
        database.reconnectLater();
        Thread.sleep(backoff.toMillis());
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }
}
