package dev.mlpipe.deployer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.serving.PredictRouteTest;
import org.junit.jupiter.api.Test;

class TabularSmokeTestTest {

  @Test
  void aTabularModelPassesTheSmokeTestWithASampleRequest() {
    assertThat(ArtifactCheck.smokeTest(PredictRouteTest.fraudModel()))
        .isInstanceOf(Verification.Verified.class);
  }
}
