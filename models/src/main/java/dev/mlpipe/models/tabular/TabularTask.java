package dev.mlpipe.models.tabular;

import dev.mlpipe.models.eval.ModelKind;

/** What a tabular model predicts from the features: a binary label, or a number. */
public enum TabularTask {
  /** The target is 0 or 1 (also written true/false, yes/no); the model predicts a probability. */
  BINARY_CLASSIFICATION(ModelKind.CLASSIFIER),
  /** The target is any finite number. */
  REGRESSION(ModelKind.REGRESSOR);

  private final ModelKind kind;

  TabularTask(ModelKind kind) {
    this.kind = kind;
  }

  /** The kind of model that learns this task. */
  public ModelKind kind() {
    return kind;
  }

  /** The task a model kind learns; recommenders learn no tabular task. */
  public static TabularTask of(ModelKind kind) {
    return switch (kind) {
      case CLASSIFIER -> BINARY_CLASSIFICATION;
      case REGRESSOR -> REGRESSION;
      case RECOMMENDER ->
          throw new IllegalArgumentException("a recommender does not learn from tabular rows");
    };
  }
}
