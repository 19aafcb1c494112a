package dev.mlpipe.trainer.spec;

import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.RatingsFormat;
import java.util.Objects;

/** Where a spec's training data comes from: the seeded generator or a file in a known format. */
public sealed interface DataSourceSpec {

  /** Data made by the seeded generator in the given shape; the same seed gives the same rows. */
  record Generated(GeneratedShape shape, long seed) implements DataSourceSpec {
    public Generated {
      Objects.requireNonNull(shape, "shape");
    }
  }

  /**
   * A ratings file. {@code path} is relative to the model repository's root unless absolute; {@code
   * maxBadRowShare} is the share of unparseable rows above which loading fails.
   */
  record File(String path, RatingsFormat format, double maxBadRowShare) implements DataSourceSpec {
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      if (path.isBlank()) {
        throw new IllegalArgumentException("data.file.path: must not be blank");
      }
      if (!(maxBadRowShare >= 0.0 && maxBadRowShare <= 1.0)) {
        throw new IllegalArgumentException(
            "data.file.maxBadRowShare: " + maxBadRowShare + " is not in [0, 1]");
      }
    }
  }
}
