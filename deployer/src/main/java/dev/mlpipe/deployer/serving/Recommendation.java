package dev.mlpipe.deployer.serving;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one recommend request.
 *
 * @param items item ids, best first
 * @param scores their predicted ratings (for a popularity fallback: NaN, there is no prediction)
 * @param fallback whether the popularity fallback answered because the user is unknown
 */
public record Recommendation(List<Integer> items, List<Double> scores, boolean fallback) {

  public Recommendation {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    scores = List.copyOf(Objects.requireNonNull(scores, "scores"));
    if (items.size() != scores.size()) {
      throw new IllegalArgumentException(items.size() + " items but " + scores.size() + " scores");
    }
  }
}
