package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.deployer.TestModels;
import dev.mlpipe.deployer.rollout.SquaredErrors;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeedbackJoinTest {

  private final ServedModel v1 =
      ServedModel.of("a".repeat(64), TestModels.artifact("m", "v1"), Optional.empty());
  private final ServedModel v2 =
      ServedModel.of("b".repeat(64), TestModels.artifact("m", "v2"), Optional.empty());
  private final Routes routes = new Routes();
  private final FeedbackErrors errors = new FeedbackErrors(3_600_000);
  private static final Instant PREDICTED = Instant.parse("2026-01-01T00:00:00Z");

  private static EventMeta meta() {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId("run")
        .setCausationId(null)
        .setOccurredAt(PREDICTED)
        .setProducer("test")
        .build();
  }

  private static PredictionLogged recommendation(String id, String version, int user) {
    return PredictionLogged.newBuilder()
        .setMeta(meta())
        .setModel("m")
        .setVersion(version)
        .setPredictionId(id)
        .setCategoricalInputs(Map.of("user", String.valueOf(user)))
        .setOutputItems(List.of("101", "102"))
        .setLatencyMicros(100)
        .build();
  }

  private static FeedbackReceived feedback(String predictionId, String item, double actual) {
    return FeedbackReceived.newBuilder()
        .setMeta(meta())
        .setModel("m")
        .setPredictionId(predictionId)
        .setItem(item)
        .setActual(actual)
        .build();
  }

  @Test
  void shouldRecordTheSquaredErrorOfTheVersionThatMadeTheRecommendation() {
    routes.put(new ModelRoute("m", v1, v2, 50));
    FeedbackJoin join = new FeedbackJoin(10, routes, errors);
    join.remember(recommendation("p1", "v2", 3));

    double squared = join.join(feedback("p1", "105", 4.0)).orElseThrow();

    double expected = v2.factors().predict(3, 105) - 4.0;
    assertThat(squared).isCloseTo(expected * expected, within(1e-12));
    SquaredErrors v2Errors = errors.since("m", "v2", PREDICTED.toEpochMilli());
    assertThat(v2Errors.count()).isEqualTo(1);
    assertThat(v2Errors.sum()).isCloseTo(expected * expected, within(1e-12));
    assertThat(errors.since("m", "v1", 0).count()).isZero();
  }

  @Test
  void shouldCompareAScoredPredictionByItsScore() {
    FeedbackJoin join = new FeedbackJoin(10, routes, errors);
    join.remember(
        PredictionLogged.newBuilder(recommendation("p1", "v1", 3)).setOutputScore(0.8).build());

    assertThat(join.join(feedback("p1", null, 1.0)).orElseThrow()).isCloseTo(0.04, within(1e-12));
  }

  @Test
  void shouldNotJoinFeedbackOnAForgottenOrUnknownPrediction() {
    routes.put(new ModelRoute("m", v1, null, 0));
    FeedbackJoin join = new FeedbackJoin(2, routes, errors);
    join.remember(recommendation("p1", "v1", 3));
    join.remember(recommendation("p2", "v1", 3));
    join.remember(recommendation("p3", "v1", 3));

    assertThat(join.join(feedback("p1", "105", 4.0))).isEmpty();
    assertThat(join.join(feedback("nope", "105", 4.0))).isEmpty();
    assertThat(join.join(feedback("p3", "105", 4.0))).isPresent();
    assertThat(errors.since("m", "v1", 0).count()).isEqualTo(1);
  }

  @Test
  void shouldJoinAFeedbackReadBeforeItsPredictionOnceThePredictionArrives() {
    // Two topics read in parallel (a restart's rebuild) give no order between them.
    routes.put(new ModelRoute("m", v1, null, 0));
    FeedbackJoin join = new FeedbackJoin(10, routes, errors);

    assertThat(join.join(feedback("p1", "105", 4.0))).isEmpty();
    join.remember(recommendation("p1", "v1", 3));

    double expected = v1.factors().predict(3, 105) - 4.0;
    assertThat(errors.since("m", "v1", 0).sum()).isCloseTo(expected * expected, within(1e-12));
  }

  @Test
  void shouldCountOnlyPredictionsMadeSinceTheAskedTime() {
    FeedbackJoin join = new FeedbackJoin(10, routes, errors);
    join.remember(scored("early", PREDICTED.minusSeconds(60), 1.0));
    join.remember(scored("late", PREDICTED.plusSeconds(5), 1.0));
    join.join(feedback("early", null, 0.0));
    join.join(feedback("late", null, 3.0));

    SquaredErrors since = errors.since("m", "v1", PREDICTED.toEpochMilli());
    assertThat(since.count()).isEqualTo(1);
    assertThat(since.sum()).isCloseTo(4.0, within(1e-12));
    assertThat(errors.since("m", "v1", 0).count()).isEqualTo(2);
  }

  private static PredictionLogged scored(String id, Instant at, double score) {
    PredictionLogged p = recommendation(id, "v1", 3);
    p.getMeta().setOccurredAt(at);
    p.setOutputScore(score);
    return p;
  }

  @Test
  void shouldNotJoinARecommendationOfAVersionNoLongerLoaded() {
    routes.put(new ModelRoute("m", v1, null, 0));
    FeedbackJoin join = new FeedbackJoin(10, routes, errors);
    join.remember(recommendation("p1", "v2", 3));

    assertThat(join.join(feedback("p1", "105", 4.0))).isEmpty();
  }
}
