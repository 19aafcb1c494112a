package dev.mlpipe.deployer.serving;

import dev.mlpipe.models.factor.FactorModel;
import java.util.Objects;

/**
 * A factor model's parameters laid out for scoring one user against the whole catalogue in one
 * pass: the same arithmetic as {@link FactorModel#predict}, in the same order (so the same scores),
 * without its two id lookups per item.
 */
final class FactorScores {

  private final double globalMean;
  private final double minRating;
  private final double maxRating;
  private final int rank;
  private final double[] userBias;
  private final double[] itemBias;
  private final double[] userFactors;
  private final double[] itemFactors;

  FactorScores(FactorModel model) {
    Objects.requireNonNull(model, "model");
    globalMean = model.globalMean();
    minRating = model.minRating();
    maxRating = model.maxRating();
    rank = model.rank();
    userBias = model.userBiases();
    itemBias = model.itemBiases();
    userFactors = model.userFactors();
    itemFactors = model.itemFactors();
  }

  /** The score of the user at row {@code u} for the item at row {@code i} (catalogue order). */
  double score(int u, int i) {
    double p = globalMean;
    p += userBias[u];
    p += itemBias[i];
    int uo = u * rank;
    int io = i * rank;
    for (int f = 0; f < rank; f++) {
      p += userFactors[uo + f] * itemFactors[io + f];
    }
    return p < minRating ? minRating : Math.min(p, maxRating);
  }
}
