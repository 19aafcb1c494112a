package dev.mlpipe.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.cli.CommandLineRun;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.ModelDeployed;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

  @Test
  void shouldShowEachVersionWithItsStatesTrafficAndRunAndTheHistoryOnRequest() {
    ModelDeployed v42 = SampleEvents.modelDeployed();
    ModelRegistry registry = ModelRegistry.of(List.of(v42));

    String table = ModelsCommand.render(registry.models().values(), true);

    assertThat(table.lines().findFirst().orElseThrow()).contains("MODEL", "VERSION", "TRAFFIC");
    assertThat(table)
        .contains(SampleEvents.MODEL)
        .contains("v42")
        .contains("PRODUCTION")
        .contains(v42.getTrafficPercent() + "%")
        .contains("history of " + SampleEvents.MODEL)
        .contains("deployed");
  }

  @Test
  void shouldAskForTheModelWhenRollbackHasNone() {
    CommandLineRun run = CommandLineRun.of("rollback");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("MODEL");
  }

  @Test
  void shouldAskForTheRunWhenApproveHasNone() {
    CommandLineRun run = CommandLineRun.of("approve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("RUN_ID");
  }
}
