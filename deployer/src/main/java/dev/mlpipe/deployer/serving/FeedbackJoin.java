package dev.mlpipe.deployer.serving;

import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Joins feedback to the predictions it is about, by prediction id, for the canary's online quality.
 * Both come from the topics ({@code mlpipe.prediction-logged} from every serving instance, {@code
 * mlpipe.feedback}), in whichever order they are read: a prediction is remembered (the newest ones,
 * a bounded number) and a feedback read before its prediction waits for it (bounded too). Each
 * joined pair becomes the squared error of the version that predicted, in {@link FeedbackErrors} at
 * the prediction's time. A regression or classification prediction is compared by its score; a
 * recommendation by the version's predicted rating of the item the feedback is about, so that
 * version must be loaded here.
 */
public final class FeedbackJoin {

  /** What is kept of one prediction. */
  record Remembered(String model, String version, Integer user, Double score, long atMillis) {}

  private final Map<String, Remembered> predictions;
  private final Map<String, List<FeedbackReceived>> waiting;
  private final Routes routes;
  private final FeedbackErrors errors;

  /**
   * @param capacity predictions remembered, and feedbacks kept waiting for their prediction
   * @param routes where the versions that predicted are found
   * @param errors where joined errors are recorded
   */
  public FeedbackJoin(int capacity, Routes routes, FeedbackErrors errors) {
    if (capacity < 1) {
      throw new IllegalArgumentException("feedback join capacity must be >= 1, was " + capacity);
    }
    this.routes = Objects.requireNonNull(routes, "routes");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.predictions = bounded(capacity);
    this.waiting = bounded(capacity);
  }

  private static <V> Map<String, V> bounded(int capacity) {
    return new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Remembers a served prediction and joins the feedback that waited for it. */
  public synchronized void remember(PredictionLogged p) {
    Integer user = null;
    String userText = p.getCategoricalInputs().get("user");
    if (userText != null && PredictionIds.isSmallInt(userText)) {
      user = Integer.valueOf(userText);
    }
    Remembered r =
        new Remembered(
            p.getModel(),
            p.getVersion(),
            user,
            p.getOutputScore(),
            p.getMeta().getOccurredAt().toEpochMilli());
    predictions.put(p.getPredictionId(), r);
    List<FeedbackReceived> early = waiting.remove(p.getPredictionId());
    if (early != null) {
      for (FeedbackReceived f : early) {
        joinTo(r, f);
      }
    }
  }

  /**
   * Joins the feedback and records its error; the squared error, or empty when not joined (yet: a
   * feedback whose prediction was not read waits for it).
   */
  public synchronized OptionalDouble join(FeedbackReceived feedback) {
    Remembered r = predictions.get(feedback.getPredictionId());
    if (r == null) {
      waiting.computeIfAbsent(feedback.getPredictionId(), id -> new ArrayList<>(1)).add(feedback);
      return OptionalDouble.empty();
    }
    return joinTo(r, feedback);
  }

  private OptionalDouble joinTo(Remembered r, FeedbackReceived feedback) {
    if (!r.model().equals(feedback.getModel())) {
      return OptionalDouble.empty();
    }
    double predicted;
    if (r.score() != null) {
      predicted = r.score();
    } else {
      String item = feedback.getItem();
      if (item == null || r.user() == null || !PredictionIds.isSmallInt(item)) {
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
    errors.record(r.model(), r.version(), r.atMillis(), error * error);
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
