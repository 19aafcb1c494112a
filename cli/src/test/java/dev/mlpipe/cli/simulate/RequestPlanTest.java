package dev.mlpipe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.models.data.GeneratedDrift;
import dev.mlpipe.models.data.GeneratedShape;
import dev.mlpipe.models.data.MovieLensGenerator;
import dev.mlpipe.models.data.RatingTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestPlanTest {

  private static final RatingTable NORMAL =
      MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 42);
  private static final RatingTable NEW_USERS =
      MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 42, GeneratedDrift.NEW_USERS);

  @Test
  void shouldSpaceRequestsEvenlyAtTheRate() {
    RequestPlan plan = new RequestPlan(200, 0, NORMAL, NORMAL, 1);

    List<Long> due = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      due.add(plan.next(false).dueNanos());
    }

    assertThat(due).containsExactly(0L, 5_000_000L, 10_000_000L, 15_000_000L, 20_000_000L);
    assertThat(plan.requestsWithin(Duration.ofSeconds(3))).isEqualTo(600);
    assertThat(plan.requestsWithin(Duration.ofMillis(1))).isEqualTo(1);
  }

  @Test
  void shouldAskForActiveUsersAsOftenAsTheyRateInTheData() {
    RequestPlan plan = new RequestPlan(1000, 0, NORMAL, NORMAL, 2);
    Map<Integer, Integer> asked = new HashMap<>();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      asked.merge(plan.next(false).user(), 1, Integer::sum);
    }
    Map<Integer, Integer> rated = new HashMap<>();
    for (int row = 0; row < NORMAL.size(); row++) {
      rated.merge(NORMAL.user(row), 1, Integer::sum);
    }
    int mostActive =
        rated.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

    assertThat(asked.get(mostActive) / (double) n)
        .isCloseTo(rated.get(mostActive) / (double) NORMAL.size(), within(0.002));
    assertThat(asked.keySet()).allSatisfy(u -> assertThat(u).isBetween(1, 943));
  }

  @Test
  void shouldDrawUsersFromTheDriftedDataOnlyWhileDriftIsOn() {
    RequestPlan plan = new RequestPlan(100, 0, NORMAL, NEW_USERS, 3);

    PlannedRequest before = plan.next(false);
    PlannedRequest during = plan.next(true);
    PlannedRequest after = plan.next(false);

    assertThat(before.user()).isBetween(1, 943);
    assertThat(before.drifted()).isFalse();
    assertThat(during.user()).isGreaterThan(943);
    assertThat(during.drifted()).isTrue();
    assertThat(after.user()).isBetween(1, 943);
  }

  @Test
  void shouldGiveFeedbackToTheShareAskedWithTheRowsItemAndRating() {
    RequestPlan plan = new RequestPlan(100, 0.3, NORMAL, NORMAL, 4);
    int withFeedback = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      PlannedRequest request = plan.next(false);
      if (request.feedback().isPresent()) {
        withFeedback++;
        PlannedRequest.Outcome outcome = request.feedback().get();
        assertThat(outcome.rating()).isBetween(1.0, 5.0);
        assertThat(outcome.item()).isBetween(1, 1682);
      }
    }

    assertThat(withFeedback / (double) n).isCloseTo(0.3, within(0.02));
  }

  @Test
  void shouldPlanTheSameRequestsForTheSameSeed() {
    RequestPlan one = new RequestPlan(100, 0.5, NORMAL, NEW_USERS, 5);
    RequestPlan two = new RequestPlan(100, 0.5, NORMAL, NEW_USERS, 5);

    for (int i = 0; i < 100; i++) {
      boolean drift = i % 3 == 0;
      assertThat(one.next(drift)).isEqualTo(two.next(drift));
    }
  }

  @Test
  void shouldTurnDriftOnAtItsStartAndOffAfterItsLength() {
    Optional<Duration> at = Optional.of(Duration.ofSeconds(10));
    Optional<Duration> length = Optional.of(Duration.ofSeconds(5));

    assertThat(RequestPlan.driftOn(Duration.ofSeconds(9), at, length)).isFalse();
    assertThat(RequestPlan.driftOn(Duration.ofSeconds(10), at, length)).isTrue();
    assertThat(RequestPlan.driftOn(Duration.ofSeconds(14), at, length)).isTrue();
    assertThat(RequestPlan.driftOn(Duration.ofSeconds(15), at, length)).isFalse();
    assertThat(RequestPlan.driftOn(Duration.ofHours(1), at, Optional.empty())).isTrue();
    assertThat(RequestPlan.driftOn(Duration.ofHours(1), Optional.empty(), length)).isFalse();
  }

  @Test
  void shouldRefuseARateThatIsNotAboveZeroAndAShareOutsideZeroToOne() {
    assertThatThrownBy(() -> new RequestPlan(0, 0, NORMAL, NORMAL, 1))
        .hasMessageContaining("--rate must be above 0");
    assertThatThrownBy(() -> new RequestPlan(10, 1.5, NORMAL, NORMAL, 1))
        .hasMessageContaining("--feedback-share must be between 0 and 1");
  }

  @Test
  void shouldReadThePredictionIdAndVersionFromServingsAnswer() {
    PlannedRequest.Outcome outcome = new PlannedRequest.Outcome(50, 4);

    Optional<TrafficSimulator.Feedback> feedback =
        TrafficSimulator.parse(
            "{\"model\":\"m\",\"version\":\"v1\",\"predictionId\":\"p-1\",\"user\":3,"
                + "\"fallback\":false,\"items\":[{\"item\":7,\"score\":4.1}]}",
            outcome);

    assertThat(feedback).contains(new TrafficSimulator.Feedback("p-1", "v1", outcome));
    assertThat(TrafficSimulator.parse("{\"error\":\"no model\"}", outcome)).isEmpty();
    assertThat(TrafficSimulator.parse("not json", outcome)).isEmpty();
  }
}
