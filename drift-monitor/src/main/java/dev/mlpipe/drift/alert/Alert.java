package dev.mlpipe.drift.alert;

import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeatureDrift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One alert, as a person reads it.
 *
 * @param eventId the eventId of the event it is about; deliveries are deduplicated by it
 * @param runId the run the event belongs to
 * @param eventType the event's type, e.g. {@code DriftDetected}
 * @param model the model concerned
 * @param title one line
 * @param details further lines, e.g. one per drifted feature
 * @param fields the event's main values by name, for machine consumers
 */
public record Alert(
    String eventId,
    String runId,
    String eventType,
    String model,
    String title,
    List<String> details,
    Map<String, String> fields) {

  /** How many drifted features {@code topFeatures} names. */
  static final int TOP_FEATURES = 3;

  public Alert {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(title, "title");
    details = List.copyOf(details);
    fields = Map.copyOf(fields);
  }

  /** The alert about a pipeline event. */
  public static Alert of(SpecificRecord event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof DriftDetected drift) {
      return drift(drift);
    }
    return generic(event);
  }

  private static Alert drift(DriftDetected drift) {
    List<String> details = new ArrayList<>();
    for (FeatureDrift f : drift.getFeatures()) {
      if (f.getDrifted()) {
        details.add(
            f.getFeature()
                + " "
                + f.getStatistic()
                + "="
                + format(f.getValue())
                + (f.getPValue() != null ? " p=" + format(f.getPValue()) : "")
                + " (threshold "
                + format(f.getThreshold())
                + ")");
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("version", drift.getVersion());
    fields.put("topFeatures", String.join(", ", topFeatures(drift, TOP_FEATURES)));
    fields.put("kind", drift.getKind().toString());
    fields.put("severity", drift.getSeverity().toString());
    fields.put("windowStart", drift.getWindowStart().toString());
    fields.put("windowEnd", drift.getWindowEnd().toString());
    fields.put("sampleSize", String.valueOf(drift.getSampleSize()));
    return new Alert(
        drift.getMeta().getEventId(),
        drift.getMeta().getRunId(),
        "DriftDetected",
        drift.getModel(),
        drift.getSeverity()
            + ": "
            + drift.getKind().toString().toLowerCase(java.util.Locale.ROOT)
            + " drift of "
            + drift.getModel()
            + " "
            + drift.getVersion()
            + " in "
            + drift.getSampleSize()
            + " predictions ("
            + drift.getWindowStart()
            + " .. "
            + drift.getWindowEnd()
            + ")",
        details,
        fields);
  }

  /**
   * The drifted features furthest beyond their thresholds, largest first, at most {@code limit}: a
   * statistic by value / threshold (PSI 0.5 against 0.2: 2.5), a test by threshold / p-value (the
   * threshold is the p-value's).
   */
  static List<String> topFeatures(DriftDetected drift, int limit) {
    return drift.getFeatures().stream()
        .filter(FeatureDrift::getDrifted)
        .sorted(Comparator.comparingDouble(Alert::exceedance).reversed())
        .limit(limit)
        .map(f -> f.getFeature().toString())
        .toList();
  }

  private static double exceedance(FeatureDrift f) {
    double threshold = f.getThreshold() > 0 ? f.getThreshold() : Double.MIN_NORMAL;
    if (f.getPValue() != null) {
      return threshold / Math.max(f.getPValue(), Double.MIN_NORMAL);
    }
    return f.getValue() / threshold;
  }

  /** The failure events: their type, model and plain fields (version, reason, environment...). */
  private static Alert generic(SpecificRecord event) {
    Schema schema = event.getSchema();
    Map<String, String> fields = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      Object value = event.get(field.pos());
      Schema.Type type = field.schema().getType();
      boolean plain =
          type == Schema.Type.STRING
              || type == Schema.Type.ENUM
              || type == Schema.Type.BOOLEAN
              || (type == Schema.Type.UNION && !(value instanceof SpecificRecord));
      if (plain && value != null && !field.name().equals("model")) {
        fields.put(field.name(), value.toString());
      }
    }
    Object meta = event.get(schema.getField("meta").pos());
    SpecificRecord m = (SpecificRecord) meta;
    String eventId = m.get(m.getSchema().getField("eventId").pos()).toString();
    String runId = m.get(m.getSchema().getField("runId").pos()).toString();
    String model = event.get(schema.getField("model").pos()).toString();
    String reason = fields.getOrDefault("reason", "");
    return new Alert(
        eventId,
        runId,
        schema.getName(),
        model,
        schema.getName() + " for " + model + (reason.isEmpty() ? "" : ": " + reason),
        List.of(),
        fields);
  }

  private static String format(double value) {
    return String.format(java.util.Locale.ROOT, "%.4g", value);
  }
}
