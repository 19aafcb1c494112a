package dev.mlpipe.deployer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.registry.EventHashes;
import dev.mlpipe.deployer.rollout.Decision;
import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.deployer.rollout.RolloutState;
import dev.mlpipe.deployer.rollout.TestEvents;
import dev.mlpipe.deployer.rollout.Verification;
import dev.mlpipe.deployer.rollout.WindowStats;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  private final TestEvents.SettableClock clock = new TestEvents.SettableClock();
  private final RolloutController controller =
      new RolloutController(
          RolloutPolicy.defaults(false).withStepInterval(Duration.ofSeconds(1)), clock, "d@t");

  /**
   * v1 live, v2 canary to 100 %, manual rollback to v1, a refused rollback (DeploymentFailed), then
   * v3 at 5 %: 13 events over the three topics.
   */
  private List<SpecificRecord> history() {
    List<SpecificRecord> events = new ArrayList<>();
    RolloutState state = RolloutState.empty(TestEvents.MODEL);
    List<Decision> decisions = new ArrayList<>();
    decisions.add(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v1"), Verification.verified()));
    state = decisions.get(decisions.size() - 1).state();
    decisions.add(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v2"), Verification.verified()));
    state = decisions.get(decisions.size() - 1).state();
    while (state.active() != null) {
      clock.advance(Duration.ofSeconds(1));
      decisions.add(controller.onCheck(state, WindowStats.NONE, WindowStats.NONE));
      state = decisions.get(decisions.size() - 1).state();
    }
    clock.advance(Duration.ofSeconds(1));
    decisions.add(controller.onCommand(state, TestEvents.rollback(null)));
    state = decisions.get(decisions.size() - 1).state();
    clock.advance(Duration.ofSeconds(1));
    decisions.add(controller.onCommand(state, TestEvents.rollback("v9")));
    state = decisions.get(decisions.size() - 1).state();
    clock.advance(Duration.ofSeconds(1));
    decisions.add(
        controller.onValidationPassed(
            state, TestEvents.validationPassed("v3"), Verification.verified()));
    decisions.forEach(d -> events.addAll(d.events()));
    return events;
  }

  /** The events as stored: each in its topic's partition 0, offsets counting per topic. */
  private static List<ChainLink> stored(List<SpecificRecord> events) {
    Map<String, Long> offsets = new HashMap<>();
    List<ChainLink> links = new ArrayList<>();
    for (SpecificRecord event : events) {
      String topic =
          event instanceof ModelDeployed
              ? "deployed"
              : event instanceof RolledBack ? "rolled-back" : "failed";
      long offset = offsets.merge(topic, 1L, Long::sum) - 1;
      links.add(ChainLink.of(topic, 0, offset, event, null).orElseThrow());
    }
    return links;
  }

  @Test
  void shouldReportAnUntouchedChainIntactWithItsLengthAndHeadAcrossTheThreeTopics() {
    List<SpecificRecord> events = history();
    assertThat(events).hasAtLeastOneElementOfType(RolledBack.class);
    assertThat(events).hasAtLeastOneElementOfType(DeploymentFailed.class);

    List<ChainReport> reports = ChainVerifier.verify(stored(events));

    assertThat(reports)
        .containsExactly(
            new ChainReport.Intact(
                TestEvents.MODEL, events.size(), EventHashes.of(events.get(events.size() - 1))));
  }

  @Test
  void shouldNameTheSuccessorOfAnAlteredEventWithTheExpectedAndTheFoundHash() {
    List<SpecificRecord> events = history();
    ModelDeployed original = (ModelDeployed) events.get(4); // v2 PRODUCTION CANARY 10
    ModelDeployed altered =
        ModelDeployed.newBuilder(original).setApprovedBy("mallory").setTrafficPercent(100).build();
    events.set(4, altered);

    ChainReport report = ChainVerifier.verify(stored(events)).get(0);

    assertThat(report).isInstanceOf(ChainReport.Broken.class);
    ChainReport.Broken broken = (ChainReport.Broken) report;
    assertThat(broken.verified()).isEqualTo(5);
    assertThat(broken.at().eventId())
        .isEqualTo(((ModelDeployed) events.get(5)).getMeta().getEventId());
    assertThat(broken.at().position()).isEqualTo("deployed 0/5");
    assertThat(broken.expected()).isEqualTo(EventHashes.of(altered));
    assertThat(broken.found()).isEqualTo(EventHashes.of(original));
    assertThat(broken.describe())
        .contains("BROKEN", "deployed 0/5", "ModelDeployed v2 PRODUCTION CANARY 25 %")
        .contains("altered");
  }

  @Test
  void shouldBreakAtTheEventAfterAMissingOne() {
    List<SpecificRecord> events = history();
    SpecificRecord rollback =
        events.stream().filter(RolledBack.class::isInstance).findFirst().orElseThrow();
    int at = events.indexOf(rollback);
    events.remove(at);

    ChainReport.Broken broken = (ChainReport.Broken) ChainVerifier.verify(stored(events)).get(0);

    assertThat(broken.verified()).isEqualTo(at);
    assertThat(broken.found()).isEqualTo(EventHashes.of(rollback));
    assertThat(broken.at().summary()).startsWith("DeploymentFailed");
  }

  @Test
  void shouldBreakAtTheStartWhenTheFirstEventIsGone() {
    List<SpecificRecord> events = history();
    SpecificRecord first = events.remove(0);

    ChainReport.Broken broken = (ChainReport.Broken) ChainVerifier.verify(stored(events)).get(0);

    assertThat(broken.verified()).isZero();
    assertThat(broken.expected()).isNull();
    assertThat(broken.found()).isEqualTo(EventHashes.of(first));
    assertThat(broken.reason()).contains("not in the topics");
  }

  @Test
  void shouldReportAForkWhenATransitionIsPublishedTwice() {
    List<SpecificRecord> events = history();
    ModelDeployed step = (ModelDeployed) events.get(4);
    ModelDeployed twin =
        ModelDeployed.newBuilder(step)
            .setMeta(
                EventMeta.newBuilder(step.getMeta())
                    .setEventId(UUID.randomUUID().toString())
                    .build())
            .build();
    events.add(5, twin); // a duplicate publish lands right after the original

    ChainReport.Broken broken = (ChainReport.Broken) ChainVerifier.verify(stored(events)).get(0);

    assertThat(broken.verified()).isEqualTo(5);
    assertThat(broken.at().eventId()).isEqualTo(twin.getMeta().getEventId());
    assertThat(broken.reason()).contains("fork");
  }

  @Test
  void shouldReportAnEventWhosePredecessorAlreadyHasASuccessorAsAReplay() {
    List<SpecificRecord> events = history();
    ModelDeployed step = (ModelDeployed) events.get(4);
    // Appended at the end: its predecessor was linked long before.
    events.add(
        ModelDeployed.newBuilder(step)
            .setTrafficPercent(50)
            .setMeta(
                EventMeta.newBuilder(step.getMeta())
                    .setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(clock.instant().plusSeconds(60))
                    .build())
            .build());

    ChainReport.Broken broken = (ChainReport.Broken) ChainVerifier.verify(stored(events)).get(0);

    assertThat(broken.verified()).isEqualTo(events.size() - 1);
    assertThat(broken.reason()).contains("already has a successor");
  }

  @Test
  void shouldVerifyEachModelOnItsOwn() {
    List<SpecificRecord> events = history();
    ModelDeployed other =
        ModelDeployed.newBuilder((ModelDeployed) events.get(0))
            .setModel("fraud")
            .setPreviousEventHash(null)
            .build();
    List<ChainLink> links = new ArrayList<>(stored(events));
    links.add(ChainLink.of("deployed", 1, 0, other, null).orElseThrow());

    List<ChainReport> reports = ChainVerifier.verify(links);

    assertThat(reports).extracting(ChainReport::model).containsExactly("fraud", TestEvents.MODEL);
    assertThat(reports).allMatch(ChainReport::isIntact);
  }
}
