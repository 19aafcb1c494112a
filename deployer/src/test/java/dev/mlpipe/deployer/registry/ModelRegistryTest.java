package dev.mlpipe.deployer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.rollout.Decision;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.RolloutState;
import dev.mlpipe.deployer.rollout.TestEvents;
import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolloutStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

  private final TestEvents.SettableClock clock = new TestEvents.SettableClock();
  private final RolloutController controller =
      new RolloutController(
          RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(1)), clock, "d@t");

  /** v1 to production, v2 through the canary, then a manual rollback to v1; all events. */
  private List<SpecificRecord> aRolloutAndARollback() {
    List<SpecificRecord> events = new ArrayList<>();
    RolloutState state = RolloutState.empty(TestEvents.MODEL);
    for (String v : List.of("v1", "v2")) {
      Decision d =
          controller.onValidationPassed(
              state, TestEvents.validationPassed(v), Verification.verified());
      events.addAll(d.events());
      state = d.state();
    }
    while (state.active() != null) {
      clock.advance(Duration.ofSeconds(1));
      Decision d = controller.onCheck(state, WindowStats.NONE, WindowStats.NONE);
      events.addAll(d.events());
      state = d.state();
    }
    Decision rollback = controller.onCommand(state, TestEvents.rollback(null));
    events.addAll(rollback.events());
    return events;
  }

  @Test
  void shouldFoldVersionsStatesTrafficAndHistoryFromTheEvents() {
    List<SpecificRecord> events = aRolloutAndARollback();

    ModelHistory h = ModelRegistry.of(events).model(TestEvents.MODEL);

    assertThat(h.versions()).extracting(ModelVersion::version).containsExactly("v1", "v2");
    ModelVersion v1 = h.version("v1").orElseThrow();
    ModelVersion v2 = h.version("v2").orElseThrow();
    assertThat(v1.stateIn(Environment.PRODUCTION)).isEqualTo(VersionState.PRODUCTION);
    assertThat(v1.stateIn(Environment.STAGING)).isEqualTo(VersionState.RETIRED);
    assertThat(v2.stateIn(Environment.PRODUCTION)).isEqualTo(VersionState.ROLLED_BACK);
    assertThat(v2.stateIn(Environment.STAGING)).isEqualTo(VersionState.STAGING);
    assertThat(v1.isStable()).isTrue();
    assertThat(v2.isStable()).isFalse();
    assertThat(v1.runId()).isEqualTo("run-v1");
    assertThat(v1.metrics()).containsEntry("rmse", 0.7);
    assertThat(h.trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 100));
    assertThat(h.history()).hasSize(events.size());
    assertThat(h.history().get(h.history().size() - 1).kind()).isEqualTo("rolled-back");
  }

  @Test
  void shouldRebuildTheSameRegistryTheControllerKeptWhenReplayed() {
    List<SpecificRecord> events = aRolloutAndARollback();

    ModelRegistry once = ModelRegistry.of(events);
    ModelRegistry twice = ModelRegistry.of(events);

    assertThat(once.model(TestEvents.MODEL)).isEqualTo(twice.model(TestEvents.MODEL));
    assertThat(once.model(TestEvents.MODEL).lastEventHash())
        .isEqualTo(EventHashes.of(events.get(events.size() - 1)));
  }

  @Test
  void shouldSplitProductionTrafficBetweenStableAndCanary() {
    ModelDeployed v1 = deployed("v1", 100, null);
    ModelDeployed v2 = deployed("v2", 25, "v1");

    ModelHistory h = ModelRegistry.of(List.of(v1, v2)).model(SampleEvents.MODEL);

    assertThat(h.trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 75, "v2", 25));
    assertThat(h.newestServing(Environment.PRODUCTION).orElseThrow().version()).isEqualTo("v2");
    assertThat(h.fullyServing(Environment.PRODUCTION)).isEmpty();
  }

  @Test
  void shouldKeepTrafficAsItWasWhenADeploymentFails() {
    List<SpecificRecord> events = new ArrayList<>(List.of(deployed("v1", 100, null)));
    events.add(
        dev.mlpipe.schemas.DeploymentFailed.newBuilder(SampleEvents.deploymentFailed())
            .setVersion("v2")
            .build());

    ModelHistory h = ModelRegistry.of(events).model(SampleEvents.MODEL);

    assertThat(h.trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 100));
    assertThat(h.history()).extracting(HistoryEntry::kind).containsExactly("deployed", "failed");
  }

  @Test
  void shouldIgnoreEventsThatAreNotDeploymentFacts() {
    assertThat(ModelRegistry.empty().apply(SampleEvents.validationPassed()).models()).isEmpty();
  }

  private static ModelDeployed deployed(String version, int share, String previous) {
    return ModelDeployed.newBuilder(SampleEvents.modelDeployed())
        .setVersion(version)
        .setEnvironment(Environment.PRODUCTION)
        .setStrategy(previous == null ? RolloutStrategy.DIRECT : RolloutStrategy.CANARY)
        .setTrafficPercent(share)
        .setPreviousVersion(previous)
        .build();
  }
}
