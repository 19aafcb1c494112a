package dev.mlpipe.deployer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.rollout.Decision;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.RolloutState;
import dev.mlpipe.deployer.rollout.TestEvents;
import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ChainedRegistryTest {

  private final TestEvents.SettableClock clock = new TestEvents.SettableClock();
  private final RolloutController controller =
      new RolloutController(
          RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(1)), clock, "d@t");
  private RolloutState state = RolloutState.empty(TestEvents.MODEL);
  private final List<SpecificRecord> events = new ArrayList<>();

  private void take(Decision d) {
    events.addAll(d.events());
    state = d.state();
  }

  /** v1 live, v2 canary to 100 %, rollback to v1, then v3 starts its canary at 5 %. */
  private List<SpecificRecord> history() {
    take(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v1"), Verification.verified()));
    take(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v2"), Verification.verified()));
    while (state.active() != null) {
      clock.advance(Duration.ofSeconds(1));
      take(controller.onCheck(state, WindowStats.NONE, WindowStats.NONE));
    }
    take(controller.onCommand(state, TestEvents.rollback(null)));
    take(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v3"), Verification.verified()));
    return events;
  }

  @Test
  void shouldFoldEventsInTheirChainOrderWhenTopicsArriveOneAfterTheOther() {
    List<SpecificRecord> inOrder = history();
    List<SpecificRecord> byTopic = new ArrayList<>();
    inOrder.stream().filter(e -> e instanceof ModelDeployed).forEach(byTopic::add);
    inOrder.stream().filter(e -> e instanceof RolledBack).forEach(byTopic::add);
    ChainedRegistry chained = new ChainedRegistry();

    byTopic.forEach(chained::offer);

    ModelHistory expected = ModelRegistry.of(inOrder).model(TestEvents.MODEL);
    assertThat(chained.registry().model(TestEvents.MODEL)).isEqualTo(expected);
    assertThat(expected.trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 95, "v3", 5));
    assertThat(ModelRegistry.of(byTopic).model(TestEvents.MODEL).trafficIn(Environment.PRODUCTION))
        .as("a naive fold in arrival order gets it wrong")
        .isEqualTo(Map.of("v1", 100));
    assertThat(chained.waitingCount()).isZero();
  }

  @Test
  void shouldConvergeWhateverTheArrivalOrder() {
    List<SpecificRecord> inOrder = history();
    ModelHistory expected = ModelRegistry.of(inOrder).model(TestEvents.MODEL);
    for (int seed = 0; seed < 20; seed++) {
      List<SpecificRecord> shuffled = new ArrayList<>(inOrder);
      Collections.shuffle(shuffled, new Random(seed));
      ChainedRegistry chained = new ChainedRegistry();

      shuffled.forEach(chained::offer);

      assertThat(chained.registry().model(TestEvents.MODEL))
          .as("seed %d", seed)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldHoldAnEventUntilItsPredecessorArrives() {
    List<SpecificRecord> inOrder = history();
    ChainedRegistry chained = new ChainedRegistry();

    assertThat(chained.offer(inOrder.get(1))).isEmpty();
    assertThat(chained.waitingCount()).isEqualTo(1);
    assertThat(chained.offer(inOrder.get(0))).containsExactly(TestEvents.MODEL);
    assertThat(chained.registry().model(TestEvents.MODEL).history()).hasSize(2);
  }

  @Test
  void shouldFoldWaitingEventsInArrivalOrderWhenAskedBecauseTheirPredecessorNeverCame() {
    List<SpecificRecord> inOrder = history();
    ChainedRegistry chained = new ChainedRegistry();
    chained.offer(inOrder.get(0));
    chained.offer(inOrder.get(2));

    assertThat(chained.foldWaiting()).containsExactly(TestEvents.MODEL);
    assertThat(chained.waitingCount()).isZero();
    assertThat(chained.registry().model(TestEvents.MODEL).history()).hasSize(2);
  }
}
