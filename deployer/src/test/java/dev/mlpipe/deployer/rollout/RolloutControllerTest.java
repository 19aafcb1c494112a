package dev.mlpipe.deployer.rollout;

import static dev.mlpipe.deployer.rollout.TestEvents.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.deployer.registry.VersionState;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.RolloutStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class RolloutControllerTest {

  private static final WindowStats HEALTHY = new WindowStats(100, 0, 1_000);
  private static final WindowStats FAILING = new WindowStats(100, 50, 1_000);

  private final TestEvents.SettableClock clock = new TestEvents.SettableClock();
  private final RolloutPolicy auto =
      RolloutPolicy.defaults(false)
          .withStepInterval(Duration.ofSeconds(2))
          .withWatchWindow(Duration.ZERO);
  private final RolloutController watched =
      new RolloutController(auto.withWatchWindow(Duration.ofSeconds(10)), clock, "deployer@test");
  private final RolloutController controller = new RolloutController(auto, clock, "deployer@test");

  private RolloutState state = RolloutState.empty(MODEL);

  private List<SpecificRecord> validated(RolloutController c, String version) {
    Decision d =
        c.onValidationPassed(state, TestEvents.validationPassed(version), Verification.verified());
    state = d.state();
    return d.events();
  }

  private List<SpecificRecord> check(WindowStats canary, WindowStats stable) {
    return check(controller, canary, stable);
  }

  private List<SpecificRecord> check(RolloutController c, WindowStats canary, WindowStats stable) {
    clock.advance(Duration.ofSeconds(2));
    Decision d = c.onCheck(state, canary, stable);
    state = d.state();
    return d.events();
  }

  private static String summary(SpecificRecord event) {
    if (event instanceof ModelDeployed d) {
      return d.getVersion()
          + " "
          + d.getEnvironment()
          + " "
          + d.getStrategy()
          + " "
          + d.getTrafficPercent();
    } else if (event instanceof RolledBack r) {
      return "rolled back "
          + r.getFromVersion()
          + " -> "
          + r.getToVersion()
          + (r.getAutomatic() ? " automatic" : " manual");
    }
    DeploymentFailed f = (DeploymentFailed) event;
    return "failed " + f.getVersion() + " " + f.getEnvironment();
  }

  @Test
  void shouldDeployTheFirstVersionToStagingThenAllOfProductionWhenApprovalIsAuto() {
    assertThat(validated(controller, "v1").stream().map(RolloutControllerTest::summary))
        .containsExactly("v1 STAGING DIRECT 100", "v1 PRODUCTION DIRECT 100");
    assertThat(state.active()).isNull();
    assertThat(state.registry().fullyServing(Environment.PRODUCTION).orElseThrow().version())
        .isEqualTo("v1");
  }

  @Test
  void shouldWalkTheCanaryStepsToProductionWhenEveryCheckPasses() {
    validated(controller, "v1");
    assertThat(validated(controller, "v2").stream().map(RolloutControllerTest::summary))
        .containsExactly("v2 STAGING DIRECT 100", "v2 PRODUCTION CANARY 5");
    assertThat(state.registry().trafficIn(Environment.PRODUCTION))
        .isEqualTo(Map.of("v1", 95, "v2", 5));

    List<String> steps = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      check(HEALTHY, HEALTHY).forEach(e -> steps.add(summary(e)));
    }

    assertThat(steps)
        .containsExactly(
            "v2 PRODUCTION CANARY 10",
            "v2 PRODUCTION CANARY 25",
            "v2 PRODUCTION CANARY 50",
            "v2 PRODUCTION CANARY 100");
    assertThat(state.active()).isNull();
    assertThat(state.registry().version("v1").orElseThrow().stateIn(Environment.PRODUCTION))
        .isEqualTo(VersionState.RETIRED);
  }

  /** v1 in production, v2 through its canary to 100 % with a healthy v1 beside it. */
  private void promotedUnderWatch() {
    validated(watched, "v1");
    validated(watched, "v2");
    for (int i = 0; i < 4; i++) {
      check(watched, HEALTHY, HEALTHY);
    }
    assertThat(state.registry().trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v2", 100));
    assertThat(state.active().phase()).isEqualTo(Rollout.Phase.WATCHING);
  }

  @Test
  void shouldRollBackAutomaticallyWhenThePromotedVersionBreachesInItsWatchWindow() {
    promotedUnderWatch();

    // v1 serves nothing now: v2 is compared with what v1 served during the canary.
    assertThat(check(watched, FAILING, WindowStats.NONE)).isEmpty();
    List<SpecificRecord> second = check(watched, FAILING, WindowStats.NONE);

    assertThat(second)
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 automatic");
    assertThat(((RolledBack) second.get(0)).getReason()).contains("watch window");
    assertThat(state.active()).isNull();
    assertThat(state.registry().trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 100));
  }

  @Test
  void shouldJudgeTheWatchOnLatencyAgainstTheReplacedVersionsLastWindow() {
    promotedUnderWatch();
    WindowStats slow = new WindowStats(100, 0, 20_000);

    check(watched, slow, WindowStats.NONE);

    assertThat(check(watched, slow, WindowStats.NONE))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 automatic");
  }

  @Test
  void shouldEndTheRolloutAndStartTheQueuedVersionOnceTheWatchWindowPasses() {
    validated(watched, "v1");
    validated(watched, "v2");
    validated(watched, "v3");
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      check(watched, HEALTHY, HEALTHY).forEach(e -> events.add(summary(e)));
    }
    assertThat(events).last().isEqualTo("v2 PRODUCTION CANARY 100");
    assertThat(state.queued().version()).isEqualTo("v3");

    List<String> duringWatch = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      check(watched, HEALTHY, WindowStats.NONE).forEach(e -> duringWatch.add(summary(e)));
    }

    assertThat(duringWatch).containsExactly("v3 PRODUCTION CANARY 5");
    assertThat(state.active().version()).isEqualTo("v3");
  }

  @Test
  void shouldEndTheWatchWhenAPersonRollsBack() {
    promotedUnderWatch();

    Decision d = watched.onCommand(state, TestEvents.rollback(null));

    assertThat(d.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 manual");
    assertThat(d.state().active()).isNull();
  }

  @Test
  void shouldWatchABlueGreenSwitchToo() {
    RolloutController blueGreen =
        new RolloutController(
            auto.withStrategy(Strategy.BLUE_GREEN).withWatchWindow(Duration.ofSeconds(10)),
            clock,
            "deployer@test");
    validated(blueGreen, "v1");
    validated(blueGreen, "v2");
    assertThat(state.active().phase()).isEqualTo(Rollout.Phase.WATCHING);

    // The first window of v1 is what it served before the switch.
    check(blueGreen, FAILING, HEALTHY);

    assertThat(check(blueGreen, FAILING, WindowStats.NONE))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 automatic");
  }

  @Test
  void shouldNotCheckBeforeTheIntervalHasPassed() {
    validated(controller, "v1");
    validated(controller, "v2");
    clock.advance(Duration.ofSeconds(1));

    assertThat(state.isCheckDue(clock.millis())).isFalse();
    assertThat(controller.onCheck(state, HEALTHY, HEALTHY).events()).isEmpty();
  }

  @Test
  void shouldRollBackAutomaticallyAfterConsecutiveBreachedChecks() {
    validated(controller, "v1");
    validated(controller, "v2");

    assertThat(check(FAILING, HEALTHY)).isEmpty();
    List<SpecificRecord> second = check(FAILING, HEALTHY);

    assertThat(second)
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 automatic");
    assertThat(((RolledBack) second.get(0)).getReason()).contains("error rate 50.0 %");
    assertThat(state.active()).isNull();
    assertThat(state.registry().trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 100));
  }

  @Test
  void shouldForgiveABreachFollowedByAPassingCheck() {
    validated(controller, "v1");
    validated(controller, "v2");

    check(FAILING, HEALTHY);
    check(HEALTHY, HEALTHY);
    List<SpecificRecord> third = check(FAILING, HEALTHY);

    assertThat(third).isEmpty();
    assertThat(state.active().breaches()).isEqualTo(1);
  }

  @Test
  void shouldGoOnWhenThereIsNotEnoughTrafficToJudgeTheCanary() {
    validated(controller, "v1");
    validated(controller, "v2");

    assertThat(check(WindowStats.NONE, WindowStats.NONE))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v2 PRODUCTION CANARY 10");
  }

  @Test
  void shouldWaitForApprovalInProductionWhenTheEnvironmentIsManual() {
    RolloutController manual =
        new RolloutController(RolloutPolicy.defaults(true), clock, "deployer@test");
    assertThat(validated(manual, "v1"))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v1 STAGING DIRECT 100");
    assertThat(state.active().phase()).isEqualTo(Rollout.Phase.AWAITING_APPROVAL);

    Decision approved = manual.onCommand(state, TestEvents.approve("run-v1"));

    assertThat(approved.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v1 PRODUCTION DIRECT 100");
    assertThat(((ModelDeployed) approved.events().get(0)).getApprovedBy()).isEqualTo("alice@host");
  }

  @Test
  void shouldIgnoreAnApprovalOfARunThatDoesNotWait() {
    validated(controller, "v1");

    Decision d = controller.onCommand(state, TestEvents.approve("run-other"));

    assertThat(d.events()).isEmpty();
    assertThat(d.note()).contains("no rollout of run run-other");
  }

  @Test
  void shouldRefuseARefusedArtifactWithDeploymentFailedAndKeepServing() {
    validated(controller, "v1");
    Decision d =
        controller.onValidationPassed(
            state,
            TestEvents.validationPassed("v2"),
            Verification.refused("artifact has sha256 abc: it was modified"));

    assertThat(d.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("failed v2 STAGING");
    assertThat(((DeploymentFailed) d.events().get(0)).getReason()).contains("modified");
    assertThat(d.state().registry().trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v1", 100));
  }

  @Test
  void shouldIgnoreAValidationItHasAlreadyHandled() {
    validated(controller, "v1");

    assertThat(validated(controller, "v1")).isEmpty();
  }

  @Test
  void shouldRollBackByCommandToTheLastStableVersionAndDropTheCanary() {
    validated(controller, "v1");
    validated(controller, "v2");

    Decision d = controller.onCommand(state, TestEvents.rollback(null));

    assertThat(d.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("rolled back v2 -> v1 manual");
    RolledBack event = (RolledBack) d.events().get(0);
    assertThat(event.getRequestedBy()).isEqualTo("alice@host");
    assertThat(event.getReason()).isEqualTo("bad");
    assertThat(d.state().active()).isNull();
  }

  @Test
  void shouldRefuseARollbackWithoutAnEarlierStableVersion() {
    validated(controller, "v1");

    Decision d = controller.onCommand(state, TestEvents.rollback(null));

    assertThat(d.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("failed v1 PRODUCTION");
    assertThat(((DeploymentFailed) d.events().get(0)).getReason())
        .contains("rollback refused")
        .contains("--to");
  }

  @Test
  void shouldSwitchAllAtOnceWithBlueGreen() {
    RolloutController blueGreen =
        new RolloutController(auto.withStrategy(Strategy.BLUE_GREEN), clock, "deployer@test");
    validated(blueGreen, "v1");

    assertThat(validated(blueGreen, "v2"))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v2 STAGING DIRECT 100", "v2 PRODUCTION BLUE_GREEN 100");
    assertThat(state.registry().trafficIn(Environment.PRODUCTION)).isEqualTo(Map.of("v2", 100));
  }

  @Test
  void shouldQueueAVersionValidatedDuringACanaryAndStartItAfterwards() {
    validated(controller, "v1");
    validated(controller, "v2");

    assertThat(validated(controller, "v3"))
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v3 STAGING DIRECT 100");
    assertThat(state.queued().version()).isEqualTo("v3");
    check(HEALTHY, HEALTHY);
    check(HEALTHY, HEALTHY);
    check(HEALTHY, HEALTHY);
    List<SpecificRecord> last = check(HEALTHY, HEALTHY);

    assertThat(last)
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v2 PRODUCTION CANARY 100", "v3 PRODUCTION CANARY 5");
    assertThat(((ModelDeployed) last.get(1)).getPreviousVersion()).isEqualTo("v2");
  }

  @Test
  void shouldChainEveryEventToTheHashOfTheModelsPreviousOne() {
    validated(controller, "v1");
    String afterFirst = state.registry().lastEventHash();
    List<SpecificRecord> second = validated(controller, "v2");

    assertThat(((ModelDeployed) second.get(0)).getPreviousEventHash()).isEqualTo(afterFirst);
    assertThat(((ModelDeployed) second.get(1)).getPreviousEventHash())
        .isEqualTo(dev.mlpipe.deployer.registry.EventHashes.of(second.get(0)));
  }

  @Test
  void shouldPromoteAKnownVersionByCommand() {
    validated(controller, "v1");
    validated(controller, "v2");

    Decision d = controller.onCommand(state, TestEvents.promote("v1", Environment.STAGING));

    assertThat(d.events())
        .extracting(RolloutControllerTest::summary)
        .containsExactly("v1 STAGING DIRECT 100");
    assertThat(((ModelDeployed) d.events().get(0)).getStrategy()).isEqualTo(RolloutStrategy.DIRECT);
  }
}
