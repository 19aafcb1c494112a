package dev.mlpipe.trainer.spec;

/** How the holdout rows are chosen. */
public enum SplitKind {
  /** A seeded random sample of the rows. */
  RANDOM,
  /** The newest rows by timestamp: the model is judged on the future it has not seen. */
  TIME
}
