package dev.mlpipe.drift.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A model version's training reference: its input features' distributions and, when the trainer
 * profiled them, its predictions' distribution on the holdout.
 *
 * @param features the input features, names unique
 * @param prediction the predictions' distribution, empty when not profiled
 */
public record ModelReference(
    List<FeatureReference> features, Optional<NumericReference> prediction) {

  public ModelReference {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(prediction, "prediction");
    Set<String> names = new HashSet<>();
    for (FeatureReference feature : features) {
      if (!names.add(feature.name())) {
        throw new IllegalArgumentException(
            "reference profile names feature " + feature.name() + " twice");
      }
    }
    features = List.copyOf(features);
  }
}
