package dev.mlpipe.drift.backfill;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.DriftEvaluator;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.stats.WindowProfile;
import dev.mlpipe.drift.window.WindowBounds;
import dev.mlpipe.drift.window.WindowSpec;
import dev.mlpipe.schemas.PredictionLogged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replays one model's logged predictions through the drift monitor's windows: placed by the same
 * {@link WindowSpec}, profiled into the same sketches and judged by the same {@link DriftEvaluator}
 * as the live topology does, one window per model version at a time. A window closes when a
 * prediction of a later window arrives, when the latest timestamp seen passes its end (time
 * windows) or when it is full (count windows); {@link #finish()} judges the windows left open.
 *
 * <p>Pure: no Kafka, no state store, nothing published; the caller feeds records in log order.
 */
public final class WindowReplay {

  private final DriftMonitorSettings settings;
  private final WindowSpec spec;
  private final DriftEvaluator evaluator;
  private final Function<String, Optional<ModelReference>> references;
  private final Map<String, Open> open = new LinkedHashMap<>();
  private long streamTime = Long.MIN_VALUE;

  private static final class Open {
    WindowBounds bounds = WindowBounds.initial();
    WindowProfile profile;
  }

  /**
   * @param settings windows, sketch sizes and thresholds, as the drift monitor is configured
   * @param references the training reference of a version, empty when it has none
   */
  public WindowReplay(
      DriftMonitorSettings settings, Function<String, Optional<ModelReference>> references) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.spec = settings.windowSpec();
    this.evaluator = new DriftEvaluator(settings.thresholds().toThresholds());
    this.references = Objects.requireNonNull(references, "references");
  }

  /**
   * Adds one prediction logged at {@code timestamp} and returns the windows it closed (usually
   * none).
   */
  public List<ReplayedWindow> add(PredictionLogged prediction, long timestamp) {
    Objects.requireNonNull(prediction, "prediction");
    List<ReplayedWindow> closed = new ArrayList<>();
    streamTime = Math.max(streamTime, timestamp);
    Open window = open.computeIfAbsent(prediction.getVersion(), v -> fresh(new Open()));
    switch (spec.place(window.bounds, timestamp)) {
      case LATE -> {
        return closed;
      }
      case CLOSE_AND_START -> {
        closed.add(judge(prediction.getVersion(), window, true));
        window.bounds = spec.start(spec.closed(window.bounds), timestamp);
        fresh(window);
      }
      case START -> window.bounds = spec.start(window.bounds, timestamp);
      case ADD -> window.bounds = spec.add(window.bounds, timestamp);
    }
    window.profile.add(
        prediction.getNumericInputs(),
        prediction.getCategoricalInputs(),
        prediction.getOutputScore());
    for (Map.Entry<String, Open> entry : open.entrySet()) {
      Open w = entry.getValue();
      if (!w.bounds.isEmpty() && spec.isDue(w.bounds, streamTime)) {
        closed.add(judge(entry.getKey(), w, true));
        w.bounds = spec.closed(w.bounds);
        fresh(w);
      }
    }
    return closed;
  }

  /** Judges the windows still open (marked incomplete) and returns them. */
  public List<ReplayedWindow> finish() {
    List<ReplayedWindow> result = new ArrayList<>();
    open.forEach(
        (version, w) -> {
          if (!w.bounds.isEmpty()) {
            result.add(judge(version, w, false));
          }
        });
    open.clear();
    return result;
  }

  private Open fresh(Open window) {
    window.profile = new WindowProfile(settings.sketchK(), settings.categoryCapacity());
    return window;
  }

  private ReplayedWindow judge(String version, Open window, boolean complete) {
    return new ReplayedWindow(
        version,
        window.bounds,
        complete,
        references.apply(version).map(r -> evaluator.evaluate(r, window.profile)));
  }
}
