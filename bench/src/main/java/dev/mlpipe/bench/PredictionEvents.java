package dev.mlpipe.bench;

import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.PredictionLogged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic {@code PredictionLogged} events, as the deployer's serving logs them for a recommender:
 * full metadata, a few numeric and categorical inputs, a score and the recommended items. Seeded,
 * so every run measures the same bytes.
 */
final class PredictionEvents {

  private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "BR", "IN", "JP", "NL"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet", "tv"};

  private PredictionEvents() {}

  /**
   * Builds {@code count} distinct events over {@code models} model names (the record key).
   *
   * @param count how many events
   * @param models how many distinct models (keys), so every partition of the topic gets records
   * @param seed the random seed
   */
  static List<PredictionLogged> pool(int count, int models, long seed) {
    if (count < 1 || models < 1) {
      throw new IllegalArgumentException(
          "need at least one event and one model, got count=" + count + ", models=" + models);
    }
    Random random = new Random(seed);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    List<PredictionLogged> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String model = String.format(Locale.ROOT, "recommender-%02d", random.nextInt(models));
      EventMeta meta =
          EventMeta.newBuilder()
              .setEventId(uuid(random))
              .setRunId(uuid(random))
              .setCausationId(null)
              .setOccurredAt(start.plusMillis(i * 7L))
              .setProducer("deployer@serving-" + random.nextInt(4))
              .build();
      Map<String, Double> numeric = new LinkedHashMap<>();
      numeric.put("userId", (double) random.nextInt(1_000_000));
      numeric.put("hourOfDay", (double) random.nextInt(24));
      numeric.put("sessionMinutes", Math.round(random.nextDouble() * 600) / 10.0);
      Map<String, String> categorical = new LinkedHashMap<>();
      categorical.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
      categorical.put("device", DEVICES[random.nextInt(DEVICES.length)]);
      List<String> items = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        items.add("movie-" + random.nextInt(20_000));
      }
      events.add(
          PredictionLogged.newBuilder()
              .setMeta(meta)
              .setModel(model)
              .setVersion("v" + (1 + random.nextInt(40)))
              .setPredictionId(uuid(random))
              .setNumericInputs(numeric)
              .setCategoricalInputs(categorical)
              .setOutputScore(random.nextDouble())
              .setOutputItems(items)
              .setFallback(random.nextInt(50) == 0)
              .setLatencyMicros(100 + random.nextInt(5_000))
              .build());
    }
    return events;
  }

  private static String uuid(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
