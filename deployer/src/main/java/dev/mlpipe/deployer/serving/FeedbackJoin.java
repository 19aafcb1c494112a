package dev.mlpipe.deployer.serving;

import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Joins feedback to the predictions this instance served, for the canary's online quality: it
 * remembers the newest predictions (a bounded number; the oldest are forgotten) and turns a
 * feedback on one of them into the squared error of the version that made it, recorded in {@link
 * ServingMetrics}. A regression or classification prediction is compared by its score; a
 * recommendation by the version's predicted rating of the item the feedback is about. Feedback on a
 * prediction of another instance, a forgotten one, or a version no longer loaded is not joined.
 */
public final class FeedbackJoin {

  /** What is kept of one prediction. */
  record Remembered(String model, String version, Integer user, Double score) {}

  private final Map<String, Remembered> predictions;
  private final Routes routes;
  private final ServingMetrics metrics;

  /**
   * @param capacity predictions remembered
   * @param routes where the versions that predicted are found
   * @param metrics where joined errors are recorded
   */
  public FeedbackJoin(int capacity, Routes routes, ServingMetrics metrics) {
    if (capacity < 1) {
      throw new IllegalArgumentException("feedback join capacity must be >= 1, was " + capacity);
    }
    this.routes = Objects.requireNonNull(routes, "routes");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.predictions =
        new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers a served prediction. */
  public void remember(PredictionLogged p) {
    Integer user = null;
    String userText = p.getCategoricalInputs().get("user");
    if (userText != null && userText.matches("-?\\d{1,9}")) {
      user = Integer.valueOf(userText);
    }
    Remembered r = new Remembered(p.getModel(), p.getVersion(), user, p.getOutputScore());
    synchronized (predictions) {
      predictions.put(p.getPredictionId(), r);
    }
  }

  /** Joins the feedback and records its error; the squared error, or empty when not joined. */
  public OptionalDouble join(FeedbackReceived feedback) {
    Remembered r;
    synchronized (predictions) {
      r = predictions.get(feedback.getPredictionId());
    }
    if (r == null || !r.model().equals(feedback.getModel())) {
      return OptionalDouble.empty();
    }
    double predicted;
    if (r.score() != null) {
      predicted = r.score();
    } else {
      String item = feedback.getItem();
      if (item == null || r.user() == null || !item.matches("-?\\d{1,9}")) {
        return OptionalDouble.empty();
      }
      ServedModel served = loaded(r.model(), r.version());
      if (served == null) {
        return OptionalDouble.empty();
      }
      predicted = served.factors().predict(r.user(), Integer.parseInt(item));
    }
    double error = predicted - feedback.getActual();
    if (!Double.isFinite(error)) {
      return OptionalDouble.empty();
    }
    metrics.recordFeedback(r.model(), r.version(), error * error);
    return OptionalDouble.of(error * error);
  }

  private ServedModel loaded(String model, String version) {
    ModelRoute route = routes.of(model).orElse(null);
    if (route == null) {
      return null;
    }
    for (ServedModel m : new ServedModel[] {route.stable(), route.canary()}) {
      if (m != null && m.version().equals(version)) {
        return m;
      }
    }
    return null;
  }
}
