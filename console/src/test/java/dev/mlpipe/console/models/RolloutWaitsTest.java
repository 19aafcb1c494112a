package dev.mlpipe.console.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The deployer's rollout state as its store's changelog holds it (RolloutStateSerde's JSON). */
class RolloutWaitsTest {

  @Test
  void shouldNameTheActiveRolloutWhileItAwaitsApproval() throws IOException {
    String state =
        "{\"registry\":{\"model\":\"fraud\"},\"active\":{\"version\":\"v3\",\"runId\":\"run-9\","
            + "\"phase\":\"AWAITING_APPROVAL\",\"step\":-1},\"queued\":{\"version\":\"v4\","
            + "\"runId\":\"run-10\",\"phase\":\"AWAITING_APPROVAL\"}}";

    assertThat(RolloutWaits.waitingIn(state.getBytes(StandardCharsets.UTF_8)))
        .contains(new RolloutWaits.Waiting("v3", "run-9"));
  }

  @Test
  void shouldNameNoneWhenTheActiveRolloutGoesOnOrThereIsNone() throws IOException {
    String canary =
        "{\"active\":{\"version\":\"v3\",\"runId\":\"run-9\",\"phase\":\"ROLLING_OUT\"},"
            + "\"queued\":{\"version\":\"v4\",\"runId\":\"run-10\",\"phase\":\"AWAITING_APPROVAL\"}}";

    assertThat(RolloutWaits.waitingIn(canary.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(RolloutWaits.waitingIn("{\"active\":null}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void shouldRefuseAValueThatIsNotJson() {
    assertThatThrownBy(() -> RolloutWaits.waitingIn(new byte[] {0, 1, 2}))
        .isInstanceOf(IOException.class);
  }
}
