package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.DriftAssessment;
import dev.mlpipe.drift.stats.DriftEvaluator;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.ModelReference;
import dev.mlpipe.drift.stats.Severity;
import dev.mlpipe.drift.stats.WindowProfile;
import dev.mlpipe.drift.window.DriftDedup;
import dev.mlpipe.drift.window.WindowBounds;
import dev.mlpipe.drift.window.WindowSpec;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each prediction to its model version's open window and judges a window when it closes: when
 * a prediction of a later window arrives, when stream time passes its end (checked every {@link
 * #CLOSE_CHECK_INTERVAL} of stream time) or, for count windows, when it is full.
 *
 * <p>Open windows live in memory and are checkpointed to the (changelogged) windows store every
 * checkpoint interval of wall-clock time and whenever one closes. Reading and writing a window's
 * sketches costs about 100 µs, the sketch update itself about 1 µs, so doing it per prediction
 * would cap the stage at a few thousand predictions per second. The price: after a crash an open
 * window resumes from its last checkpoint, so it may lack up to one checkpoint interval of
 * predictions; it never counts one twice, and verdicts and the dedup state stay exactly-once.
 */
final class WindowProcessor implements Processor<String, PredictionLogged, String, DriftDetected> {

  /** How often (in stream time) windows whose end has passed are looked for. */
  static final Duration CLOSE_CHECK_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(WindowProcessor.class);

  private final DriftMonitorSettings settings;
  private final WindowSpec spec;
  private final DriftEvaluator evaluator;
  private final EventMetas metas;

  private final Map<String, OpenWindow> open = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private ProcessorContext<String, DriftDetected> context;
  private KeyValueStore<String, OpenWindow> windows;
  private KeyValueStore<String, TrainingFinished> references;
  private KeyValueStore<String, Long> published;

  WindowProcessor(DriftMonitorSettings settings, EventMetas metas) {
    this.settings = settings;
    this.spec = settings.windowSpec();
    this.evaluator = new DriftEvaluator(settings.thresholds().toThresholds());
    this.metas = metas;
  }

  @Override
  public void init(ProcessorContext<String, DriftDetected> context) {
    this.context = context;
    windows = context.getStateStore(DriftTopology.WINDOWS_STORE);
    references = context.getStateStore(DriftTopology.REFERENCES_STORE);
    published = context.getStateStore(DriftTopology.PUBLISHED_STORE);
    try (KeyValueIterator<String, OpenWindow> all = windows.all()) {
      while (all.hasNext()) {
        KeyValue<String, OpenWindow> entry = all.next();
        open.put(entry.key, entry.value);
      }
    }
    context.schedule(CLOSE_CHECK_INTERVAL, PunctuationType.STREAM_TIME, this::closeDue);
    context.schedule(
        settings.checkpointInterval(), PunctuationType.WALL_CLOCK_TIME, t -> checkpoint());
  }

  private void checkpoint() {
    for (String key : dirty) {
      windows.put(key, open.get(key));
    }
    dirty.clear();
  }

  @Override
  public void process(Record<String, PredictionLogged> record) {
    PredictionLogged prediction = record.value();
    if (prediction == null) {
      return;
    }
    String key = OpenWindow.key(prediction.getModel(), prediction.getVersion());
    OpenWindow window = open.get(key);
    if (window == null) {
      window = fresh(prediction.getModel(), prediction.getVersion(), WindowBounds.initial());
    }
    long timestamp = record.timestamp();
    switch (spec.place(window.bounds(), timestamp)) {
      case LATE -> {
        log.debug(
            "late prediction dropped: model={} version={} predictionId={} window {} already judged",
            prediction.getModel(),
            prediction.getVersion(),
            prediction.getPredictionId(),
            window.bounds().index());
        return;
      }
      case CLOSE_AND_START -> {
        close(window);
        window = fresh(window.model(), window.version(), spec.start(window.bounds(), timestamp));
      }
      case START ->
          window = fresh(window.model(), window.version(), spec.start(window.bounds(), timestamp));
      case ADD ->
          window =
              new OpenWindow(
                  window.model(),
                  window.version(),
                  spec.add(window.bounds(), timestamp),
                  window.profile());
    }
    window
        .profile()
        .add(
            prediction.getNumericInputs(),
            prediction.getCategoricalInputs(),
            prediction.getOutputScore());
    if (spec.isDue(window.bounds(), context.currentStreamTimeMs())) {
      close(window);
    } else {
      open.put(key, window);
      dirty.add(key);
    }
  }

  /** Judges a window and records it closed, in the store right away so it is never judged twice. */
  private void close(OpenWindow window) {
    judge(window);
    OpenWindow next = fresh(window.model(), window.version(), spec.closed(window.bounds()));
    open.put(window.key(), next);
    windows.put(window.key(), next);
    dirty.remove(window.key());
  }

  private OpenWindow fresh(String model, String version, WindowBounds bounds) {
    return new OpenWindow(
        model, version, bounds, new WindowProfile(settings.sketchK(), settings.categoryCapacity()));
  }

  private void closeDue(long streamTime) {
    List<OpenWindow> due = new ArrayList<>();
    for (OpenWindow window : open.values()) {
      if (spec.isDue(window.bounds(), streamTime)) {
        due.add(window);
      }
    }
    for (OpenWindow window : due) {
      close(window);
    }
  }

  private void judge(OpenWindow window) {
    TrainingFinished finished = references.get(window.key());
    if (finished == null) {
      log.warn(
          "window not judged: model={} version={} has no training reference (no TrainingFinished"
              + " seen for it); {} predictions in window {}",
          window.model(),
          window.version(),
          window.profile().sampleSize(),
          window.bounds().index());
      return;
    }
    ModelReference reference =
        ReferenceProfiles.toReference(
            window.model(), window.version(), finished.getReferenceProfile());
    DriftAssessment assessment = evaluator.evaluate(reference, window.profile());
    for (KindAssessment kind : assessment.raised()) {
      if (kind.severity() == Severity.WARNING && !settings.publishWarnings()) {
        continue;
      }
      String publishedKey = window.key() + "|" + kind.kind();
      if (!DriftDedup.shouldPublish(published.get(publishedKey), window.bounds().index())) {
        log.debug("drift already published: {} window {}", publishedKey, window.bounds().index());
        continue;
      }
      DriftDetected event = DriftEvents.of(metas.newRun(), window, kind);
      context.forward(new Record<>(window.model(), event, window.bounds().end()));
      published.put(publishedKey, window.bounds().index());
      log.info(
          "drift detected: model={} version={} kind={} severity={} window={}..{} predictions={}"
              + " runId={}",
          window.model(),
          window.version(),
          kind.kind(),
          kind.severity(),
          event.getWindowStart(),
          event.getWindowEnd(),
          event.getSampleSize(),
          event.getMeta().getRunId());
    }
  }
}
