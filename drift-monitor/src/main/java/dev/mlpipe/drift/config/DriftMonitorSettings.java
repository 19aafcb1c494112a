package dev.mlpipe.drift.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlpipe.drift.stats.DriftThresholds;
import dev.mlpipe.drift.window.WindowSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code drift-monitor} configuration section (see config/base.yaml for each key).
 *
 * @param window {@code time} or {@code count}
 * @param windowDuration a time window's length, ISO-8601 ({@code PT5M})
 * @param windowCount a count window's number of predictions
 * @param sketchK the KLL accuracy parameter of the numeric sketches
 * @param categoryCapacity distinct categories kept by name per categorical feature and window
 * @param publishWarnings whether WARNING verdicts are published too, not only DRIFT
 * @param checkpoint how often open windows are written to the state store, ISO-8601; after a crash
 *     a window may lack up to this much of its predictions
 * @param feedbackGrace how long after a prediction its feedback is still joined to it, ISO-8601
 * @param performanceTolerance how much worse than the holdout RMSE the online RMSE may get, as a
 *     share of it, before it is performance drift
 * @param thresholds the statistics' thresholds
 */
public record DriftMonitorSettings(
    @JsonProperty("window") String window,
    @JsonProperty("window-duration") String windowDuration,
    @JsonProperty("window-count") long windowCount,
    @JsonProperty("sketch-k") int sketchK,
    @JsonProperty("category-capacity") int categoryCapacity,
    @JsonProperty("publish-warnings") boolean publishWarnings,
    @JsonProperty("checkpoint-interval") String checkpoint,
    @JsonProperty("feedback-grace") String feedbackGrace,
    @JsonProperty("performance-tolerance") double performanceTolerance,
    @JsonProperty("thresholds") Thresholds thresholds) {

  /** The defaults, the same as config/base.yaml's. */
  public static final DriftMonitorSettings DEFAULTS =
      new DriftMonitorSettings(
          "time", "PT5M", 10_000, 400, 10_000, true, "PT1S", "PT1H", 0.2, Thresholds.DEFAULTS);

  public DriftMonitorSettings {
    Objects.requireNonNull(window, "drift-monitor.window");
    window = window.toLowerCase(Locale.ROOT);
    if (!window.equals("time") && !window.equals("count")) {
      throw new IllegalArgumentException(
          "drift-monitor.window = '" + window + "' must be time or count");
    }
    Objects.requireNonNull(windowDuration, "drift-monitor.window-duration");
    parseDuration("window-duration", windowDuration);
    Objects.requireNonNull(checkpoint, "drift-monitor.checkpoint-interval");
    parseDuration("checkpoint-interval", checkpoint);
    Objects.requireNonNull(feedbackGrace, "drift-monitor.feedback-grace");
    parseDuration("feedback-grace", feedbackGrace);
    if (!(performanceTolerance >= 0) || Double.isInfinite(performanceTolerance)) {
      throw new IllegalArgumentException(
          "drift-monitor.performance-tolerance = "
              + performanceTolerance
              + " must be >= 0 (0.2: online RMSE may be 20 % above the holdout RMSE)");
    }
    if (windowCount < 1) {
      throw new IllegalArgumentException(
          "drift-monitor.window-count = " + windowCount + " must be at least 1");
    }
    if (sketchK < 8 || sketchK > 65_535) {
      throw new IllegalArgumentException(
          "drift-monitor.sketch-k = "
              + sketchK
              + " must be between 8 and 65535 (400: about 0.4 % rank error)");
    }
    if (categoryCapacity < 1) {
      throw new IllegalArgumentException(
          "drift-monitor.category-capacity = " + categoryCapacity + " must be at least 1");
    }
    Objects.requireNonNull(thresholds, "drift-monitor.thresholds");
  }

  /** The window spec the keys describe. */
  public WindowSpec windowSpec() {
    return window.equals("time")
        ? new WindowSpec.ByTime(parseDuration("window-duration", windowDuration))
        : new WindowSpec.ByCount(windowCount);
  }

  /** How often open windows are checkpointed to the state store. */
  public Duration checkpointInterval() {
    return parseDuration("checkpoint-interval", checkpoint);
  }

  /** How long after a prediction its feedback is still joined to it. */
  public Duration feedbackGraceDuration() {
    return parseDuration("feedback-grace", feedbackGrace);
  }

  private static Duration parseDuration(String key, String text) {
    try {
      Duration duration = Duration.parse(text);
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException(
            "drift-monitor." + key + " = '" + text + "' must be at least 1 ms");
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "drift-monitor."
              + key
              + " = '"
              + text
              + "' is not an ISO-8601 duration; write e.g. PT5M or PT1H",
          e);
    }
  }

  /** The {@code drift-monitor.thresholds} section; see {@link DriftThresholds}. */
  public record Thresholds(
      @JsonProperty("psi-warning") double psiWarning,
      @JsonProperty("psi-drift") double psiDrift,
      @JsonProperty("significance") double significance,
      @JsonProperty("dataset-drift-share") double datasetDriftShare,
      @JsonProperty("min-sample-size") long minSampleSize,
      @JsonProperty("missing-rate-tolerance") double missingRateTolerance,
      @JsonProperty("out-of-range-share") double outOfRangeShare,
      @JsonProperty("unseen-category-share") double unseenCategoryShare,
      @JsonProperty("min-expected-count") double minExpectedCount) {

    static final Thresholds DEFAULTS = of(DriftThresholds.DEFAULTS);

    public Thresholds {
      toThresholds(
          psiWarning,
          psiDrift,
          significance,
          datasetDriftShare,
          minSampleSize,
          missingRateTolerance,
          outOfRangeShare,
          unseenCategoryShare,
          minExpectedCount);
    }

    static Thresholds of(DriftThresholds t) {
      return new Thresholds(
          t.psiWarning(),
          t.psiDrift(),
          t.significance(),
          t.datasetDriftShare(),
          t.minSampleSize(),
          t.missingRateTolerance(),
          t.outOfRangeShare(),
          t.unseenCategoryShare(),
          t.minExpectedCount());
    }

    /** As the statistics take them. */
    public DriftThresholds toThresholds() {
      return toThresholds(
          psiWarning,
          psiDrift,
          significance,
          datasetDriftShare,
          minSampleSize,
          missingRateTolerance,
          outOfRangeShare,
          unseenCategoryShare,
          minExpectedCount);
    }

    private static DriftThresholds toThresholds(
        double psiWarning,
        double psiDrift,
        double significance,
        double datasetDriftShare,
        long minSampleSize,
        double missingRateTolerance,
        double outOfRangeShare,
        double unseenCategoryShare,
        double minExpectedCount) {
      try {
        return new DriftThresholds(
            psiWarning,
            psiDrift,
            significance,
            datasetDriftShare,
            minSampleSize,
            missingRateTolerance,
            outOfRangeShare,
            unseenCategoryShare,
            minExpectedCount);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("drift-monitor.thresholds: " + e.getMessage(), e);
      }
    }
  }
}
