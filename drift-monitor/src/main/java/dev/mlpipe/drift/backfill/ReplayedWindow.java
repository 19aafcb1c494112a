package dev.mlpipe.drift.backfill;

import dev.mlpipe.drift.stats.DriftAssessment;
import dev.mlpipe.drift.window.WindowBounds;
import java.util.Objects;
import java.util.Optional;

/**
 * One window recomputed from logged predictions.
 *
 * @param version the model version the predictions came from
 * @param bounds the window (its index counts from the first window of the backfill, not the live
 *     monitor's)
 * @param complete false for a window still open when the records ran out: judged on what it has
 * @param assessment the verdicts; empty when the version has no training reference
 */
public record ReplayedWindow(
    String version, WindowBounds bounds, boolean complete, Optional<DriftAssessment> assessment) {

  public ReplayedWindow {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(assessment, "assessment");
  }
}
