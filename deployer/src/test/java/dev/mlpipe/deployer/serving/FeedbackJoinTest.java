package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.deployer.TestModels;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeedbackReceived;
import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
  private final ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());

  private static EventMeta meta() {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId("run")
        .setCausationId(null)
        .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
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
    FeedbackJoin join = new FeedbackJoin(10, routes, metrics);
    join.remember(recommendation("p1", "v2", 3));

    double squared = join.join(feedback("p1", "105", 4.0)).orElseThrow();

    double expected = v2.factors().predict(3, 105) - 4.0;
    assertThat(squared).isCloseTo(expected * expected, within(1e-12));
    ServingMetrics.Snapshot snapshot = metrics.snapshot("m", "v2");
    assertThat(snapshot.feedback()).isEqualTo(1);
    assertThat(snapshot.squaredErrorSum()).isCloseTo(expected * expected, within(1e-12));
    assertThat(metrics.snapshot("m", "v1").feedback()).isZero();
  }

  @Test
  void shouldCompareAScoredPredictionByItsScore() {
    FeedbackJoin join = new FeedbackJoin(10, routes, metrics);
    join.remember(
        PredictionLogged.newBuilder(recommendation("p1", "v1", 3)).setOutputScore(0.8).build());

    assertThat(join.join(feedback("p1", null, 1.0)).orElseThrow()).isCloseTo(0.04, within(1e-12));
  }

  @Test
  void shouldNotJoinFeedbackOnAForgottenOrUnknownPrediction() {
    routes.put(new ModelRoute("m", v1, null, 0));
    FeedbackJoin join = new FeedbackJoin(2, routes, metrics);
    join.remember(recommendation("p1", "v1", 3));
    join.remember(recommendation("p2", "v1", 3));
    join.remember(recommendation("p3", "v1", 3));

    assertThat(join.join(feedback("p1", "105", 4.0))).isEmpty();
    assertThat(join.join(feedback("nope", "105", 4.0))).isEmpty();
    assertThat(join.join(feedback("p3", "105", 4.0))).isPresent();
    assertThat(metrics.snapshot("m", "v1").feedback()).isEqualTo(1);
  }

  @Test
  void shouldNotJoinARecommendationOfAVersionNoLongerLoaded() {
    routes.put(new ModelRoute("m", v1, null, 0));
    FeedbackJoin join = new FeedbackJoin(10, routes, metrics);
    join.remember(recommendation("p1", "v2", 3));

    assertThat(join.join(feedback("p1", "105", 4.0))).isEmpty();
  }
}
