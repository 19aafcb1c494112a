package dev.mlpipe.trainer.retrain;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.trainer.run.FeedbackExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Turns live feedback into training rows: each FeedbackReceived is joined by prediction id to the
 * PredictionLogged that served it. A recommender's feedback (an observed rating of {@code item})
 * becomes a rating of the user the prediction names; a tabular model's (no item: the observed label
 * or value) becomes an example of the features the logged request carried. Feedback given again for
 * the same prediction and item counts once, the latest. Pure.
 */
public final class FeedbackJoin {

  /** The prediction input that names the user, as serving logs it. */
  public static final String USER_INPUT = "user";

  /**
   * The joined ratings and what could not be used.
   *
   * @param ratings one row per usable feedback: user, item, the actual rating, its time in epoch
   *     seconds
   * @param feedback feedback events considered
   * @param withoutPrediction feedback whose prediction was not found (older than the prediction
   *     topic's retention, or logged by another model)
   * @param unusable feedback without a numeric item, a numeric user or a finite rating
   * @param examples one per usable feedback without an item: the logged request's features and the
   *     outcome (a tabular model's)
   */
  public record Result(
      RatingTable ratings,
      int feedback,
      int withoutPrediction,
      int unusable,
      List<FeedbackExample> examples) {

    public Result(RatingTable ratings, int feedback, int withoutPrediction, int unusable) {
      this(ratings, feedback, withoutPrediction, unusable, List.of());
    }

    public Result {
      Objects.requireNonNull(ratings, "ratings");
      examples = List.copyOf(examples);
    }
  }

  private FeedbackJoin() {}

  /**
   * Joins.
   *
   * @param feedback the model's feedback, already bounded in time by the caller
   * @param users the user of each prediction, by prediction id (see {@link #userOf})
   */
  public static Result join(List<FeedbackReceived> feedback, Map<String, Integer> users) {
    return join(feedback, users, Map.of());
  }

  /**
   * Joins, tabular feedback too.
   *
   * @param feedback the model's feedback, already bounded in time by the caller
   * @param users the user of each prediction, by prediction id (see {@link #userOf})
   * @param inputs the logged request features of each prediction, by prediction id (see {@link
   *     #inputsOf})
   */
  public static Result join(
      List<FeedbackReceived> feedback,
      Map<String, Integer> users,
      Map<String, Map<String, Object>> inputs) {
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(inputs, "inputs");
    List<FeedbackExample> examples = new ArrayList<>();
    Map<String, FeedbackReceived> latest = new LinkedHashMap<>();
    List<FeedbackReceived> ordered =
        feedback.stream()
            .sorted(Comparator.comparing((FeedbackReceived f) -> f.getMeta().getOccurredAt()))
            .toList();
    for (FeedbackReceived f : ordered) {
      latest.put(f.getPredictionId() + "\u0000" + f.getItem(), f);
    }
    RatingTable.Builder rows = RatingTable.builder();
    int withoutPrediction = 0;
    int unusable = 0;
    for (FeedbackReceived f : latest.values()) {
      Map<String, Object> features = inputs.get(f.getPredictionId());
      if (f.getItem() == null && features != null) {
        if (Double.isFinite(f.getActual())) {
          examples.add(new FeedbackExample(features, f.getActual()));
        } else {
          unusable++;
        }
        continue;
      }
      Integer user = users.get(f.getPredictionId());
      if (user == null) {
        withoutPrediction++;
        continue;
      }
      OptionalInt item = parseId(f.getItem());
      if (item.isEmpty() || !Double.isFinite(f.getActual())) {
        unusable++;
        continue;
      }
      Instant at = f.getMeta().getOccurredAt();
      rows.add(user, item.getAsInt(), (float) f.getActual(), at.getEpochSecond());
    }
    return new Result(rows.build(), feedback.size(), withoutPrediction, unusable, examples);
  }

  /** The features a prediction's request carried, as serving logged them. */
  public static Map<String, Object> inputsOf(PredictionLogged prediction) {
    Map<String, Object> features = new LinkedHashMap<>();
    prediction.getNumericInputs().forEach((k, v) -> features.put(k.toString(), v));
    prediction.getCategoricalInputs().forEach((k, v) -> features.put(k.toString(), v.toString()));
    return features;
  }

  /**
   * The user a prediction was served to: its categorical input {@value #USER_INPUT} (as serving
   * logs it), else a whole-numbered numeric input of that name.
   */
  public static OptionalInt userOf(PredictionLogged prediction) {
    OptionalInt categorical = parseId(prediction.getCategoricalInputs().get(USER_INPUT));
    if (categorical.isPresent()) {
      return categorical;
    }
    Double numeric = prediction.getNumericInputs().get(USER_INPUT);
    if (numeric != null
        && numeric == Math.rint(numeric)
        && numeric >= Integer.MIN_VALUE
        && numeric <= Integer.MAX_VALUE) {
      return OptionalInt.of(numeric.intValue());
    }
    return OptionalInt.empty();
  }

  private static OptionalInt parseId(CharSequence text) {
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(text.toString().trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
