package dev.mlpipe.models.eval;

/** What a model predicts, which decides how it is evaluated. */
public enum ModelKind {
  /** Scores (user, item) pairs; evaluated on rating error and on top-10 lists. */
  RECOMMENDER,
  /** Predicts a binary label with a score. */
  CLASSIFIER,
  /** Predicts a number. */
  REGRESSOR
}
