package dev.mlpipe.trainer.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tabular model's live feedback joined to its prediction: the features the logged {@code
 * /predict} request carried and the outcome observed since (a 0/1 label or a value).
 *
 * @param features feature name -> number ({@link Double}) or category ({@link String}), as logged
 * @param actual the observed outcome
 */
public record FeedbackExample(Map<String, Object> features, double actual) {
  public FeedbackExample {
    Objects.requireNonNull(features, "features");
    features = Map.copyOf(new LinkedHashMap<>(features));
  }
}
