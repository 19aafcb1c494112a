package dev.mlpipe.deployer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.rollout.Decision;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.RolloutState;
import dev.mlpipe.deployer.rollout.TestEvents;
import dev.mlpipe.deployer.rollout.Verification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutStateSerdeTest {

  @Test
  void shouldGiveBackTheSameStateMidCanary() {
    RolloutController controller =
        new RolloutController(
            RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(2)),
            new TestEvents.SettableClock(),
            "d@t");
    RolloutState state = RolloutState.empty(TestEvents.MODEL);
    for (String v : new String[] {"v1", "v2", "v3"}) {
      Decision d =
          controller.onValidationPassed(
              state, TestEvents.validationPassed(v), Verification.verified());
      state = d.state();
    }
    assertThat(state.active()).isNotNull();
    assertThat(state.queued()).isNotNull();

    RolloutState back = RolloutStateSerde.fromBytes(RolloutStateSerde.toBytes(state));

    assertThat(back).isEqualTo(state);
  }
}
