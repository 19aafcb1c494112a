package dev.mlpipe.models.data;

import java.util.Objects;

/** Training rows and holdout (evaluation) rows. */
public record Split(RatingTable train, RatingTable holdout) {
  public Split {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(holdout, "holdout");
  }

  /** The evaluation split's hash: SHA-256 over the holdout rows in order. */
  public String holdoutSha256() {
    return holdout.sha256();
  }
}
