package dev.mlpipe.trainer.run;

import dev.mlpipe.models.eval.Metric;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the run's candidate: the best by the spec's primary metric. A candidate must be strictly
 * better to beat an earlier one, so ties go to the candidate listed first in the spec (put the
 * baseline first and a challenger has to earn its place). A candidate without a finite value of the
 * metric is never chosen.
 */
public final class CandidateChoice {

  private CandidateChoice() {}

  /** The index of the best candidate, or empty when none has a finite value of the metric. */
  public static Optional<Integer> best(Metric metric, List<CandidateReport> candidates) {
    Objects.requireNonNull(metric, "metric");
    Integer best = null;
    double bestValue = Double.NaN;
    for (int k = 0; k < candidates.size(); k++) {
      Double value = candidates.get(k).metrics().get(metric.key());
      if (value == null || !Double.isFinite(value)) {
        continue;
      }
      if (best == null || metric.isBetter(value, bestValue)) {
        best = k;
        bestValue = value;
      }
    }
    return Optional.ofNullable(best);
  }
}
