package dev.mlpipe.trainer.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trained and evaluated candidate of a run.
 *
 * @param name the candidate's name in the spec
 * @param recipe the recipe id, e.g. {@code recommender-sgd-mf}
 * @param metrics its holdout metrics, latency included
 * @param trainingMillis how long training it took
 * @param chosen whether it is the run's candidate
 */
public record CandidateReport(
    String name, String recipe, Map<String, Double> metrics, long trainingMillis, boolean chosen) {

  public CandidateReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recipe, "recipe");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    if (trainingMillis < 0) {
      throw new IllegalArgumentException("trainingMillis must be >= 0, was " + trainingMillis);
    }
  }

  /** The same candidate marked as chosen. */
  public CandidateReport asChosen() {
    return new CandidateReport(name, recipe, metrics, trainingMillis, true);
  }
}
