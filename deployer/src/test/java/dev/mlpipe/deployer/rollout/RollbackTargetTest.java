package dev.mlpipe.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelVersion;
import dev.mlpipe.deployer.registry.VersionState;
import dev.mlpipe.schemas.Environment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbackTargetTest {

  private static ModelVersion version(int sequence, boolean fullProduction, boolean rolledBack) {
    return new ModelVersion(
        "v" + (sequence + 1),
        "0".repeat(64),
        "file:///x",
        1,
        Map.of(),
        "run",
        sequence,
        Map.of(Environment.PRODUCTION, VersionState.RETIRED),
        fullProduction,
        rolledBack);
  }

  private static ModelHistory history(ModelVersion... versions) {
    return new ModelHistory("m", List.of(versions), Map.of(), List.of(), null);
  }

  private static String chosen(RollbackTarget.Choice choice) {
    return choice instanceof RollbackTarget.Target t
        ? t.version().version()
        : "refused: " + ((RollbackTarget.Refused) choice).reason();
  }

  @Test
  void shouldChooseTheNewestVersionThatServedAllOfProductionWithoutARollback() {
    ModelHistory h =
        history(version(0, true, false), version(1, true, false), version(2, false, false));

    assertThat(chosen(RollbackTarget.choose(h, "v3", Optional.empty()))).isEqualTo("v2");
  }

  @Test
  void shouldSkipVersionsThatWereRolledBackOrNeverServedAllTraffic() {
    ModelHistory h =
        history(
            version(0, true, false),
            version(1, true, true),
            version(2, false, false),
            version(3, true, false));

    assertThat(chosen(RollbackTarget.choose(h, "v4", Optional.empty()))).isEqualTo("v1");
  }

  @Test
  void shouldNeverChooseTheVersionThatIsServing() {
    ModelHistory h = history(version(0, true, false), version(1, true, false));

    assertThat(chosen(RollbackTarget.choose(h, "v2", Optional.empty()))).isEqualTo("v1");
    assertThat(chosen(RollbackTarget.choose(h, "v1", Optional.of("v1"))))
        .startsWith("refused: version v1");
  }

  @Test
  void shouldTakeANamedVersionEvenIfItNeverServedAllTraffic() {
    ModelHistory h = history(version(0, true, false), version(1, false, true));

    assertThat(chosen(RollbackTarget.choose(h, "v1", Optional.of("v2")))).isEqualTo("v2");
  }

  @Test
  void shouldRefuseAnUnknownNamedVersionListingTheKnownOnes() {
    ModelHistory h = history(version(0, true, false));

    assertThat(chosen(RollbackTarget.choose(h, "v1", Optional.of("v9"))))
        .contains("no deployed version 'v9'")
        .contains("[v1]");
  }

  @Test
  void shouldRefuseWhenNoEarlierStableVersionExists() {
    ModelHistory h = history(version(0, true, false));

    assertThat(chosen(RollbackTarget.choose(h, "v1", Optional.empty())))
        .contains("name one with --to");
  }
}
