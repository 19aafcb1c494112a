package dev.mlpipe.gatekeeper.policy;

/** Which way a metric improves; relative checks need one. */
public enum Direction {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER,
  /** A flag such as {@code model_loads}: only {@code equals} applies. */
  NONE
}
