package dev.mlpipe.drift.topology;

import dev.mlpipe.drift.config.DriftMonitorSettings;
import dev.mlpipe.drift.stats.ErrorSums;
import dev.mlpipe.drift.stats.KindAssessment;
import dev.mlpipe.drift.stats.PerformanceDrift;
import dev.mlpipe.drift.stats.Severity;
import dev.mlpipe.drift.window.DriftDedup;
import dev.mlpipe.drift.window.WindowBounds;
import dev.mlpipe.drift.window.WindowSpec;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.TrainingFinished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins feedback to its prediction (same prediction id, within the grace period), adds the error to
 * the prediction's version's performance window, and judges each window when it closes against the
 * RMSE the version had on its holdout ({@code metrics.rmse} of its TrainingFinished). Feedback
 * whose prediction is unknown or older than the grace period is dropped.
 */
final class FeedbackProcessor
    implements Processor<String, FeedbackReceived, String, DriftDetected> {

  /** The holdout metric the online error is compared with. */
  static final String HOLDOUT_METRIC = "rmse";

  private static final Logger log = LoggerFactory.getLogger(FeedbackProcessor.class);

  private final DriftMonitorSettings settings;
  private final WindowSpec spec;
  private final Duration grace;
  private final EventMetas metas;

  private ProcessorContext<String, DriftDetected> context;
  private WindowStore<String, PendingPrediction> pending;
  private KeyValueStore<String, PerformanceWindow> windows;
  private KeyValueStore<String, TrainingFinished> references;
  private KeyValueStore<String, Long> published;

  FeedbackProcessor(DriftMonitorSettings settings, EventMetas metas) {
    this.settings = settings;
    this.spec = settings.windowSpec();
    this.grace = settings.feedbackGraceDuration();
    this.metas = metas;
  }

  @Override
  public void init(ProcessorContext<String, DriftDetected> context) {
    this.context = context;
    pending = context.getStateStore(DriftTopology.PENDING_STORE);
    windows = context.getStateStore(DriftTopology.PERFORMANCE_STORE);
    references = context.getStateStore(DriftTopology.REFERENCES_STORE);
    published = context.getStateStore(DriftTopology.PUBLISHED_STORE);
    context.schedule(
        WindowProcessor.CLOSE_CHECK_INTERVAL, PunctuationType.STREAM_TIME, this::closeDue);
  }

  @Override
  public void process(Record<String, FeedbackReceived> record) {
    FeedbackReceived feedback = record.value();
    if (feedback == null) {
      return;
    }
    long timestamp = record.timestamp();
    Optional<PendingPrediction> prediction = find(feedback.getPredictionId(), timestamp);
    if (prediction.isEmpty()) {
      log.debug(
          "feedback not joined: model={} predictionId={} has no scored prediction within {}",
          feedback.getModel(),
          feedback.getPredictionId(),
          grace);
      return;
    }
    String model = feedback.getModel();
    String version = prediction.get().version();
    String key = OpenWindow.key(model, version);
    PerformanceWindow window = windows.get(key);
    if (window == null) {
      window = new PerformanceWindow(model, version, WindowBounds.initial(), ErrorSums.EMPTY);
    }
    switch (spec.place(window.bounds(), timestamp)) {
      case LATE -> {
        return;
      }
      case CLOSE_AND_START -> {
        close(window);
        window =
            new PerformanceWindow(
                model, version, spec.start(window.bounds(), timestamp), ErrorSums.EMPTY);
      }
      case START ->
          window =
              new PerformanceWindow(
                  model, version, spec.start(window.bounds(), timestamp), ErrorSums.EMPTY);
      case ADD ->
          window =
              new PerformanceWindow(
                  model, version, spec.add(window.bounds(), timestamp), window.errors());
    }
    window =
        new PerformanceWindow(
            model,
            version,
            window.bounds(),
            window.errors().add(prediction.get().score(), feedback.getActual()));
    if (spec.isDue(window.bounds(), context.currentStreamTimeMs())) {
      close(window);
    } else {
      windows.put(key, window);
    }
  }

  private Optional<PendingPrediction> find(String predictionId, long timestamp) {
    try (WindowStoreIterator<PendingPrediction> found =
        pending.fetch(
            predictionId,
            timestamp - grace.toMillis(),
            timestamp + WindowProcessor.CLOSE_CHECK_INTERVAL.toMillis())) {
      PendingPrediction last = null;
      while (found.hasNext()) {
        last = found.next().value;
      }
      return Optional.ofNullable(last);
    }
  }

  private void closeDue(long streamTime) {
    List<PerformanceWindow> due = new ArrayList<>();
    try (KeyValueIterator<String, PerformanceWindow> all = windows.all()) {
      while (all.hasNext()) {
        KeyValue<String, PerformanceWindow> entry = all.next();
        if (spec.isDue(entry.value.bounds(), streamTime)) {
          due.add(entry.value);
        }
      }
    }
    due.forEach(this::close);
  }

  private void close(PerformanceWindow window) {
    judge(window);
    windows.put(
        window.key(),
        new PerformanceWindow(
            window.model(), window.version(), spec.closed(window.bounds()), ErrorSums.EMPTY));
  }

  private void judge(PerformanceWindow window) {
    TrainingFinished finished = references.get(window.key());
    Double holdout = finished == null ? null : finished.getMetrics().get(HOLDOUT_METRIC);
    if (holdout == null || !(holdout > 0)) {
      log.warn(
          "performance not judged: model={} version={} has no holdout {} (no TrainingFinished, or"
              + " its metrics lack it)",
          window.model(),
          window.version(),
          HOLDOUT_METRIC);
      return;
    }
    Optional<KindAssessment> assessment =
        PerformanceDrift.evaluate(
            window.errors(),
            holdout,
            settings.performanceTolerance(),
            settings.thresholds().minSampleSize());
    if (assessment.isEmpty() || assessment.get().severity() == Severity.NONE) {
      return;
    }
    String publishedKey = window.key() + "|" + assessment.get().kind();
    if (!DriftDedup.shouldPublish(published.get(publishedKey), window.bounds().index())) {
      return;
    }
    DriftDetected event =
        DriftEvents.of(
            metas.newRun(),
            window.model(),
            window.version(),
            window.bounds(),
            window.errors().count(),
            assessment.get());
    context.forward(new Record<>(window.model(), event, window.bounds().end()));
    published.put(publishedKey, window.bounds().index());
    log.info(
        "performance drift: model={} version={} online rmse={} holdout rmse={} feedback={}"
            + " runId={}",
        window.model(),
        window.version(),
        window.errors().rmse(),
        holdout,
        window.errors().count(),
        event.getMeta().getRunId());
  }
}
