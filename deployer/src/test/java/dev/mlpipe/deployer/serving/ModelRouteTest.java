package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.TestModels;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelRouteTest {

  private final ServedModel stable =
      ServedModel.of("a".repeat(64), TestModels.artifact("m", "v1"), Optional.empty());
  private final ServedModel canary =
      ServedModel.of("b".repeat(64), TestModels.artifact("m", "v2"), Optional.empty());

  @Test
  void shouldSendAboutTheCanarysShareOfUsersToIt() {
    ModelRoute route = new ModelRoute("m", stable, canary, 10);

    long toCanary = IntStream.range(0, 10_000).filter(u -> route.choose(u) == canary).count();

    assertThat(toCanary).isBetween(850L, 1150L);
  }

  @Test
  void shouldKeepAUserOnOneVersionAndOnTheCanaryAsItsShareGrows() {
    ModelRoute at10 = new ModelRoute("m", stable, canary, 10);
    ModelRoute at50 = new ModelRoute("m", stable, canary, 50);

    for (int user = 0; user < 1000; user++) {
      assertThat(at10.choose(user)).isSameAs(at10.choose(user));
      if (at10.choose(user) == canary) {
        assertThat(at50.choose(user)).as("user %d", user).isSameAs(canary);
      }
    }
  }

  @Test
  void shouldServeEveryoneFromTheStableVersionWithoutACanary() {
    ModelRoute route = new ModelRoute("m", stable, null, 0);

    assertThat(IntStream.range(0, 100).allMatch(u -> route.choose(u) == stable)).isTrue();
  }
}
