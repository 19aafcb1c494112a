package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.stats.CategoricalReference;
import dev.mlpipe.drift.stats.FeatureReference;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.stats.NumericReference;
import dev.mlpipe.schemas.FeatureKind;
import dev.mlpipe.schemas.FeatureProfile;
import dev.mlpipe.schemas.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the trainer's {@link ReferenceProfile} into the statistics' {@link ModelReference}. A
 * profile the statistics cannot use (no bins, no category counts) is refused with the reason, so
 * its TrainingFinished goes to the dead-letter topic instead of failing every window later.
 */
public final class ReferenceProfiles {

  private ReferenceProfiles() {}

  public static ModelReference toReference(String model, String version, ReferenceProfile profile) {
    List<FeatureReference> features = new ArrayList<>();
    for (FeatureProfile feature : profile.getFeatures()) {
      features.add(feature(model, version, feature));
    }
    Optional<NumericReference> prediction = Optional.empty();
    FeatureProfile p = profile.getPrediction();
    if (p != null && p.getKind() == FeatureKind.NUMERIC) {
      prediction = Optional.of((NumericReference) feature(model, version, p));
    }
    try {
      return new ModelReference(features, prediction);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "model " + model + " version " + version + ": " + e.getMessage(), e);
    }
  }

  private static FeatureReference feature(String model, String version, FeatureProfile feature) {
    try {
      if (feature.getKind() == FeatureKind.NUMERIC) {
        return new NumericReference(
            feature.getName(),
            feature.getCount(),
            feature.getMissingCount(),
            feature.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
            feature.getBinCounts().stream().mapToLong(Long::longValue).toArray(),
            feature.getMin() != null ? feature.getMin() : Double.NaN,
            feature.getMax() != null ? feature.getMax() : Double.NaN);
      }
      return new CategoricalReference(
          feature.getName(),
          feature.getCount(),
          feature.getMissingCount(),
          feature.getCategoryCounts());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "training reference of model "
              + model
              + " version "
              + version
              + " cannot be used for drift: "
              + e.getMessage(),
          e);
    }
  }
}
