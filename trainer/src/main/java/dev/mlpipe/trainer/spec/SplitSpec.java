package dev.mlpipe.trainer.spec;

import java.util.Objects;

/** How to split the data into training and holdout rows. */
public record SplitSpec(SplitKind kind, double holdoutFraction, long seed) {

  public SplitSpec {
    Objects.requireNonNull(kind, "kind");
    if (!(holdoutFraction > 0.0 && holdoutFraction < 1.0)) {
      throw new IllegalArgumentException(
          "split.holdout: " + holdoutFraction + " is not strictly between 0 and 1");
    }
  }
}
