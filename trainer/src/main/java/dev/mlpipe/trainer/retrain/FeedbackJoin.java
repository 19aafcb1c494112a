package dev.mlpipe.trainer.retrain;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Turns a recommender's live feedback into rating rows: each FeedbackReceived (an observed rating
 * of {@code item}) is joined by prediction id to the PredictionLogged that served it, which names
 * the user. Feedback given again for the same prediction and item counts once, the latest. Pure.
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
   */
  public record Result(RatingTable ratings, int feedback, int withoutPrediction, int unusable) {
    public Result {
      Objects.requireNonNull(ratings, "ratings");
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
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(users, "users");
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
    return new Result(rows.build(), feedback.size(), withoutPrediction, unusable);
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
