package dev.mlpipe.drift.stats;

/** One feature's distribution in the training data, as the trainer profiled it. */
public sealed interface FeatureReference permits NumericReference, CategoricalReference {

  /** The feature's name, as in the predictions' input maps. */
  String name();

  /** Training rows with a value. */
  long count();

  /** Training rows without a value. */
  long missingCount();

  /** The share of training rows without a value. */
  default double missingRate() {
    long rows = count() + missingCount();
    return rows == 0 ? 0 : (double) missingCount() / rows;
  }
}
