package dev.mlpipe.cli.up;

import dev.mlpipe.cli.watch.EventLine;
import dev.mlpipe.schemas.EventMeta;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * The live view's text: one line per event (time, event, key facts), under a header line whenever
 * the run changes, so a run's events read as one block even when another run's interleave.
 * Serving's traffic (predictions, feedback) is left out: the traffic simulator prints its own
 * figures.
 */
final class LiveView {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private final ZoneId zone;
  private String lastRun;

  LiveView(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * The text for one event: its line, after a run header when its run is not the previous one's.
   */
  synchronized String format(SpecificRecord event) {
    GenericRecord record = (GenericRecord) event;
    EventMeta meta = (EventMeta) record.get("meta");
    String runId = meta.getRunId();
    String line =
        String.format(
            Locale.ROOT,
            "    %s  %-17s %s",
            TIME.format(meta.getOccurredAt().atZone(zone)),
            event.getSchema().getName(),
            EventLine.facts(event));
    if (runId.equals(lastRun)) {
      return line;
    }
    lastRun = runId;
    return "  run " + shortId(runId) + "  " + record.get("model") + System.lineSeparator() + line;
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }
}
