package dev.mlpipe.trainer.retrain;

import static dev.mlpipe.trainer.RetrainEvents.feedback;
import static dev.mlpipe.trainer.RetrainEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.models.data.RatingTable;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import dev.mlpipe.trainer.run.FeedbackExample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackJoinTest {

  private static final String MODEL = "recsys";
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void shouldTurnFeedbackIntoRatingsOfTheUserThePredictionWasServedTo() {
    FeedbackJoin.Result result =
        FeedbackJoin.join(
            List.of(feedback(MODEL, "p-1", 50, 4.0, T0), feedback(MODEL, "p-2", 60, 2.5, T0)),
            Map.of("p-1", 7, "p-2", 8));

    RatingTable ratings = result.ratings();
    assertThat(ratings.size()).isEqualTo(2);
    assertThat(ratings.user(0)).isEqualTo(7);
    assertThat(ratings.item(0)).isEqualTo(50);
    assertThat(ratings.rating(0)).isEqualTo(4.0f);
    assertThat(ratings.timestamp(0)).isEqualTo(T0.getEpochSecond());
    assertThat(ratings.user(1)).isEqualTo(8);
    assertThat(result.feedback()).isEqualTo(2);
  }

  @Test
  void shouldCountFeedbackForThePredictionAndItemOnceTakingTheLatest() {
    FeedbackJoin.Result result =
        FeedbackJoin.join(
            List.of(
                feedback(MODEL, "p-1", 50, 5.0, T0.plusSeconds(60)),
                feedback(MODEL, "p-1", 50, 1.0, T0),
                feedback(MODEL, "p-1", 51, 3.0, T0)),
            Map.of("p-1", 7));

    assertThat(result.ratings().size()).isEqualTo(2);
    assertThat(result.ratings().rating(0)).isEqualTo(5.0f);
    assertThat(result.ratings().item(1)).isEqualTo(51);
  }

  @Test
  void shouldLeaveOutAndCountFeedbackWithoutItsPredictionOrWithoutANumericItem() {
    FeedbackReceived noItem =
        FeedbackReceived.newBuilder(feedback(MODEL, "p-1", 50, 4.0, T0)).setItem("movie-1").build();

    FeedbackJoin.Result result =
        FeedbackJoin.join(
            List.of(noItem, feedback(MODEL, "p-gone", 50, 4.0, T0)), Map.of("p-1", 7));

    assertThat(result.ratings().size()).isZero();
    assertThat(result.unusable()).isEqualTo(1);
    assertThat(result.withoutPrediction()).isEqualTo(1);
  }

  @Test
  void shouldReadTheUserFromServingsCategoricalInputOrAWholeNumericOne() {
    PredictionLogged served = prediction(MODEL, "p-1", 42);
    PredictionLogged numeric =
        PredictionLogged.newBuilder(served)
            .setCategoricalInputs(Map.of())
            .setNumericInputs(Map.of("user", 17.0))
            .build();
    PredictionLogged fractional =
        PredictionLogged.newBuilder(numeric).setNumericInputs(Map.of("user", 17.5)).build();

    assertThat(FeedbackJoin.userOf(served)).hasValue(42);
    assertThat(FeedbackJoin.userOf(numeric)).hasValue(17);
    assertThat(FeedbackJoin.userOf(fractional)).isEmpty();
  }

  @Test
  void shouldTurnFeedbackWithoutAnItemIntoAnExampleOfTheLoggedRequestsFeatures() {
    PredictionLogged served =
        PredictionLogged.newBuilder(prediction("fraud", "p-1", 0))
            .setNumericInputs(Map.of("amount", 12.5))
            .setCategoricalInputs(Map.of("country", "home"))
            .build();
    FeedbackReceived label =
        FeedbackReceived.newBuilder(feedback("fraud", "p-1", 0, 1.0, T0)).setItem(null).build();
    FeedbackReceived lost =
        FeedbackReceived.newBuilder(feedback("fraud", "p-gone", 0, 0.0, T0)).setItem(null).build();

    FeedbackJoin.Result result =
        FeedbackJoin.join(
            List.of(label, lost), Map.of(), Map.of("p-1", FeedbackJoin.inputsOf(served)));

    assertThat(result.examples())
        .containsExactly(new FeedbackExample(Map.of("amount", 12.5, "country", "home"), 1.0));
    assertThat(result.ratings().size()).isZero();
    assertThat(result.withoutPrediction()).isEqualTo(1);
  }
}
