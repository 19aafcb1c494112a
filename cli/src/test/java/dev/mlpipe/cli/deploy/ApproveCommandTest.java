package dev.mlpipe.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.deployer.registry.ModelRegistry;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApproveCommandTest {

  private static final String MODEL = SampleEvents.MODEL;

  private static ModelDeployed deployed(String version, Environment env) {
    ModelDeployed sample = SampleEvents.modelDeployed();
    return ModelDeployed.newBuilder(sample)
        .setMeta(
            dev.mlpipe.schemas.EventMeta.newBuilder(sample.getMeta())
                .setRunId("run-" + version)
                .build())
        .setVersion(version)
        .setEnvironment(env)
        .setTrafficPercent(100)
        .setPreviousVersion(null)
        .build();
  }

  // v1 in production, v2 waiting in staging.
  private final ModelRegistry registry =
      ModelRegistry.of(
          List.of(
              deployed("v1", Environment.STAGING),
              deployed("v1", Environment.PRODUCTION),
              deployed("v2", Environment.STAGING)));

  @Test
  void shouldFindTheModelOfARunWaitingInStaging() {
    assertThat(ApproveCommand.waitingRun(registry, "run-v2", null).model()).isEqualTo(MODEL);
    assertThat(ApproveCommand.waitingRun(registry, "run-v2", MODEL).model()).isEqualTo(MODEL);
  }

  @Test
  void shouldRefuseAnUnknownModelNamingTheDeployedOnes() {
    assertThatThrownBy(() -> ApproveCommand.waitingRun(registry, "run-v2", "no-such-model"))
        .isInstanceOf(UserError.class)
        .hasMessage("no model 'no-such-model' has been deployed; deployed models: [" + MODEL + "]")
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2));
  }

  @Test
  void shouldRefuseAnUnknownRunNamingTheRunsThatWait() {
    assertThatThrownBy(() -> ApproveCommand.waitingRun(registry, "run-v9", null))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "no model has a deployment of run run-v9; runs waiting for approval: [run-v2 ("
                + MODEL
                + " v2)]");
  }

  @Test
  void shouldRefuseARunAlreadyInProduction() {
    assertThatThrownBy(() -> ApproveCommand.waitingRun(registry, "run-v1", null))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("run run-v1 (version v1 of " + MODEL + ") does not wait for approval")
        .hasMessageContaining("production in production");
  }

  @Test
  void shouldRefuseARollbackOfAnUnknownModelOrToAnUnknownVersion() {
    assertThatThrownBy(() -> RollbackCommand.requireKnown(registry, "no-such-model", null))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no model 'no-such-model' has been deployed");
    assertThatThrownBy(() -> RollbackCommand.requireKnown(registry, MODEL, "v7"))
        .isInstanceOf(UserError.class)
        .hasMessage("model " + MODEL + " has no version 'v7'; its versions: [v1, v2]");
    RollbackCommand.requireKnown(registry, MODEL, "v1");
  }
}
