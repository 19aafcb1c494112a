package dev.mlpipe.trainer.run;

import dev.mlpipe.events.profile.FeatureProfiles;
import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.models.tabular.ColumnType;
import dev.mlpipe.models.tabular.TabularSchema;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference profile a drift monitor compares live traffic with: the training rows' users and
 * items as category frequencies (the {@value #TOP_CATEGORIES} most frequent, the rest summed under
 * {@value #OTHER}, so a profile of 25M ratings stays small), their ratings as a histogram with
 * quantiles, and the chosen model's predictions on the holdout as a histogram with quantiles. For
 * tabular data, every input feature under its column name (the name serving logs it under): numeric
 * columns as histograms with quantiles, categorical ones as category frequencies.
 */
public final class ReferenceProfiles {

  /** Feature names in the profile. */
  public static final String USER = "user";

  public static final String ITEM = "item";
  public static final String RATING = "rating";
  public static final String PREDICTION = "prediction";

  /** Categories kept by name; the rest are counted under {@link #OTHER}. */
  public static final int TOP_CATEGORIES = 100;

  /** The category that sums every category beyond the most frequent ones. */
  public static final String OTHER = FeatureProfiles.OTHER_CATEGORY;

  /** Bins of a numeric histogram. */
  public static final int BINS = 10;

  private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  private ReferenceProfiles() {}

  /** The profile of the training rows and the predictions made on the holdout. */
  public static ReferenceProfile of(RatingTable train, double[] holdoutPredictions) {
    int n = train.size();
    int[] users = new int[n];
    int[] items = new int[n];
    double[] ratings = new double[n];
    for (int row = 0; row < n; row++) {
      users[row] = train.user(row);
      items[row] = train.item(row);
      ratings[row] = train.rating(row);
    }
    return ReferenceProfile.newBuilder()
        .setRowCount(n)
        .setFeatures(
            List.of(
                categorical(USER, users, TOP_CATEGORIES),
                categorical(ITEM, items, TOP_CATEGORIES),
                numeric(RATING, ratings, BINS)))
        .setPrediction(numeric(PREDICTION, holdoutPredictions, BINS))
        .build();
  }

  /**
   * The profile of tabular training rows (each feature under its column name) and the predictions
   * made on the holdout (probabilities or values).
   */
  public static ReferenceProfile ofTabular(TabularTable train, double[] holdoutPredictions) {
    TabularSchema schema = train.schema();
    List<FeatureProfile> features = new ArrayList<>();
    for (int c = 0; c < schema.featureCount(); c++) {
      String name = schema.features().get(c).name();
      features.add(
          schema.features().get(c).type() == ColumnType.NUMERIC
              ? numeric(name, train.numericColumn(c), BINS)
              : categorical(name, train.categoricalColumn(c), TOP_CATEGORIES));
    }
    return ReferenceProfile.newBuilder()
        .setRowCount(train.size())
        .setFeatures(features)
        .setPrediction(numeric(PREDICTION, holdoutPredictions, BINS))
        .build();
  }

  /**
   * A categorical feature of labels: the {@code top} most frequent by name (ties to the lower
   * label), every other label summed under {@link #OTHER} when there are any.
   */
  public static FeatureProfile categorical(String name, String[] values, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    Map<String, Long> counts = new HashMap<>();
    for (String v : values) {
      counts.merge(v, 1L, Long::sum);
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    Map<String, Long> kept = new LinkedHashMap<>();
    long other = 0;
    for (int k = 0; k < sorted.size(); k++) {
      if (k < top && !sorted.get(k).getKey().equals(OTHER)) {
        kept.put(sorted.get(k).getKey(), sorted.get(k).getValue());
      } else {
        other += sorted.get(k).getValue();
      }
    }
    if (other > 0) {
      kept.put(OTHER, other);
    }
    return FeatureProfile.newBuilder()
        .setName(name)
        .setKind(FeatureKind.CATEGORICAL)
        .setCount(values.length)
        .setMissingCount(0)
        .setBinEdges(List.of())
        .setBinCounts(List.of())
        .setQuantiles(Map.of())
        .setMin(null)
        .setMax(null)
        .setCategoryCounts(kept)
        .build();
  }

  /**
   * A numeric feature: {@code bins} equal-width bins from the smallest to the largest value (the
   * last bin includes the largest), nearest-rank quantiles p01 to p99, min and max. Non-finite
   * values are counted as missing.
   */
  public static FeatureProfile numeric(String name, double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, was " + bins);
    }
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    FeatureProfile.Builder profile =
        FeatureProfile.newBuilder()
            .setName(name)
            .setKind(FeatureKind.NUMERIC)
            .setCount(finite.length)
            .setMissingCount(values.length - finite.length)
            .setCategoryCounts(Map.of());
    if (finite.length == 0) {
      return profile
          .setBinEdges(List.of())
          .setBinCounts(List.of())
          .setQuantiles(Map.of())
          .setMin(null)
          .setMax(null)
          .build();
    }
    double min = finite[0];
    double max = finite[finite.length - 1];
    // One value only: a single bin [v, v + 1) keeps the edges strictly ascending.
    double width = max > min ? (max - min) / bins : 1.0;
    int binCount = max > min ? bins : 1;
    List<Double> edges = new ArrayList<>(binCount + 1);
    for (int b = 0; b < binCount; b++) {
      edges.add(min + b * width);
    }
    edges.add(max > min ? max : min + 1.0);
    long[] counts = new long[binCount];
    for (double v : finite) {
      int b = (int) ((v - min) / width);
      counts[Math.min(Math.max(b, 0), binCount - 1)]++;
    }
    Map<String, Double> quantiles = new LinkedHashMap<>();
    for (double q : QUANTILES) {
      quantiles.put(
          String.format(Locale.ROOT, "p%02d", Math.round(q * 100)), nearestRank(finite, q));
    }
    return profile
        .setBinEdges(edges)
        .setBinCounts(Arrays.stream(counts).boxed().toList())
        .setQuantiles(quantiles)
        .setMin(min)
        .setMax(max)
        .build();
  }

  /**
   * A categorical feature of integer ids: the {@code top} most frequent ids by name (ties to the
   * lower id), every other id summed under {@link #OTHER} when there are any.
   */
  public static FeatureProfile categorical(String name, int[] ids, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    Map<Integer, Long> counts = new HashMap<>();
    for (int id : ids) {
      counts.merge(id, 1L, Long::sum);
    }
    List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    Map<String, Long> kept = new LinkedHashMap<>();
    long other = 0;
    for (int k = 0; k < sorted.size(); k++) {
      if (k < top) {
        kept.put(Integer.toString(sorted.get(k).getKey()), sorted.get(k).getValue());
      } else {
        other += sorted.get(k).getValue();
      }
    }
    if (other > 0) {
      kept.put(OTHER, other);
    }
    return FeatureProfile.newBuilder()
        .setName(name)
        .setKind(FeatureKind.CATEGORICAL)
        .setCount(ids.length)
        .setMissingCount(0)
        .setBinEdges(List.of())
        .setBinCounts(List.of())
        .setQuantiles(Map.of())
        .setMin(null)
        .setMax(null)
        .setCategoryCounts(kept)
        .build();
  }

  private static double nearestRank(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)];
  }
}
