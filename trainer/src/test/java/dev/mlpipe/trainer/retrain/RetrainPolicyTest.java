package dev.mlpipe.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.trainer.RetrainEvents;
import dev.mlpipe.trainer.retrain.RetrainDecision.Retrain;
import dev.mlpipe.trainer.retrain.RetrainDecision.Skip;
import dev.mlpipe.trainer.retrain.RetrainDecision.SkipReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {

  private static final String MODEL = "recsys";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant WINDOW_START = Instant.parse("2026-03-01T11:50:00Z");
  private static final Instant WINDOW_END = Instant.parse("2026-03-01T11:55:00Z");
  private static final ModelSource SOURCE =
      new ModelSource("/repos/recsys", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", "mlpipe.yaml");
  private static final Deployment SERVING =
      new Deployment.Serving("a94a8fe5cc-1234abcd", Optional.of(SOURCE));

  private final RetrainPolicy policy =
      new RetrainPolicy(Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));

  private static RetrainTrigger.Drift drift(String kind, Instant start, Instant end) {
    return new RetrainTrigger.Drift(
        RetrainEvents.meta("drift-run-" + kind, null, NOW),
        MODEL,
        start,
        end,
        kind,
        "mlpipe.drift-detected-0@" + kind.length());
  }

  private static RetrainTrigger.Drift drift(String kind) {
    return drift(kind, WINDOW_START, WINDOW_END);
  }

  private static RetrainTrigger.Command command() {
    return new RetrainTrigger.Command(
        RetrainEvents.meta("cmd-run", null, NOW),
        MODEL,
        "manual retrain",
        "alice@laptop",
        "mlpipe.commands-0@0");
  }

  private static PastRetrain past(
      RetrainTrigger trigger, Instant startedAt, PastRetrain.State state) {
    return new PastRetrain(
        trigger.runId(),
        trigger.eventId(),
        startedAt,
        state,
        state == PastRetrain.State.PENDING ? Optional.of(trigger.input()) : Optional.empty());
  }

  @Test
  void shouldRetrainTheDeployedSpecOnDriftInARunNamedByTheWindow() {
    RetrainTrigger.Drift data = drift("DATA");

    RetrainDecision decision = policy.decide(data, SERVING, List.of());

    assertThat(decision).isEqualTo(new Retrain(data.runId(), "a94a8fe5cc-1234abcd", SOURCE));
  }

  @Test
  void shouldGiveDriftOfEveryKindInOneWindowOneRunIdAndOtherWindowsAnother() {
    assertThat(drift("DATA").runId())
        .isEqualTo(drift("PERFORMANCE").runId())
        .isNotEqualTo(drift("DATA", WINDOW_END, WINDOW_END.plusSeconds(300)).runId())
        .isNotEqualTo(command().runId());
  }

  @Test
  void shouldSkipASecondKindOfDriftInAWindowWhoseRetrainIsPending() {
    RetrainTrigger.Drift data = drift("DATA");
    RetrainTrigger.Drift prediction = drift("PREDICTION");

    RetrainDecision decision =
        policy.decide(
            prediction,
            SERVING,
            List.of(past(data, NOW.minusSeconds(1), PastRetrain.State.PENDING)));

    assertThat(decision).isInstanceOf(Skip.class);
    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.DUPLICATE);
    assertThat(((Skip) decision).message()).contains(MODEL).contains("drift window");
  }

  @Test
  void shouldSkipTheSameDriftEventAgainOnceItsRetrainIsCommitted() {
    RetrainTrigger.Drift data = drift("DATA");

    RetrainDecision decision =
        policy.decide(
            data,
            SERVING,
            List.of(past(data, NOW.minusSeconds(3600), PastRetrain.State.COMMITTED)));

    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.DUPLICATE);
  }

  @Test
  void shouldRetrainAgainInTheSameRunWhenItsTransactionWasAbortedBeforeCommitting() {
    RetrainTrigger.Drift data = drift("DATA");

    RetrainDecision decision =
        policy.decide(
            data, SERVING, List.of(past(data, NOW.minusSeconds(5), PastRetrain.State.PENDING)));

    assertThat(decision).isEqualTo(new Retrain(data.runId(), "a94a8fe5cc-1234abcd", SOURCE));
  }

  @Test
  void shouldSkipACopyOfTheSameDriftEventReadAtAnotherOffset() {
    RetrainTrigger.Drift data = drift("DATA");
    RetrainTrigger.Drift copy =
        new RetrainTrigger.Drift(
            data.cause(), MODEL, WINDOW_START, WINDOW_END, "DATA", "mlpipe.drift-detected-0@99");

    RetrainDecision decision =
        policy.decide(
            copy, SERVING, List.of(past(data, NOW.minusSeconds(5), PastRetrain.State.PENDING)));

    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.DUPLICATE);
  }

  @Test
  void shouldRetrainInTheSameRunAfterACrashLeftOnlyItsTrainingStarted() {
    RetrainTrigger.Drift data = drift("DATA");

    RetrainDecision decision =
        policy.decide(
            data, SERVING, List.of(past(data, NOW.minusSeconds(5), PastRetrain.State.STARTED)));

    assertThat(decision).isInstanceOf(Retrain.class);
    assertThat(((Retrain) decision).runId()).isEqualTo(data.runId());
  }

  @Test
  void shouldSkipDriftOfANewWindowWithinTheCooldownOfTheLastRetrain() {
    RetrainTrigger.Drift earlier = drift("DATA", WINDOW_START.minusSeconds(300), WINDOW_START);

    RetrainDecision decision =
        policy.decide(
            drift("DATA"),
            SERVING,
            List.of(past(earlier, NOW.minusSeconds(599), PastRetrain.State.COMMITTED)));

    assertThat(decision).isInstanceOf(Skip.class);
    Skip skip = (Skip) decision;
    assertThat(skip.reason()).isEqualTo(SkipReason.COOLDOWN);
    assertThat(skip.message()).contains(MODEL).contains("PT10M").contains("2026-03-01T12:00:01Z");
  }

  @Test
  void shouldRetrainOnDriftOnceTheCooldownHasPassed() {
    RetrainTrigger.Drift earlier = drift("DATA", WINDOW_START.minusSeconds(300), WINDOW_START);

    RetrainDecision decision =
        policy.decide(
            drift("DATA"),
            SERVING,
            List.of(past(earlier, NOW.minusSeconds(600), PastRetrain.State.COMMITTED)));

    assertThat(decision).isInstanceOf(Retrain.class);
  }

  @Test
  void shouldCountARetrainCommandTowardsTheDriftCooldown() {
    RetrainDecision decision =
        policy.decide(
            drift("DATA"),
            SERVING,
            List.of(past(command(), NOW.minusSeconds(60), PastRetrain.State.COMMITTED)));

    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.COOLDOWN);
  }

  @Test
  void shouldNotHoldBackARetrainCommandByTheCooldown() {
    RetrainTrigger.Command command = command();

    RetrainDecision decision =
        policy.decide(
            command,
            SERVING,
            List.of(past(drift("DATA"), NOW.minusSeconds(10), PastRetrain.State.COMMITTED)));

    assertThat(decision).isEqualTo(new Retrain(command.runId(), "a94a8fe5cc-1234abcd", SOURCE));
  }

  @Test
  void shouldRetrainOnEveryWindowWithoutACooldown() {
    RetrainPolicy noCooldown = new RetrainPolicy(Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));
    RetrainTrigger.Drift earlier = drift("DATA", WINDOW_START.minusSeconds(300), WINDOW_START);

    RetrainDecision decision =
        noCooldown.decide(
            drift("DATA"), SERVING, List.of(past(earlier, NOW, PastRetrain.State.COMMITTED)));

    assertThat(decision).isInstanceOf(Retrain.class);
  }

  @Test
  void shouldSkipDriftOfAModelWithNothingInProductionNamingTheModel() {
    RetrainDecision decision = policy.decide(drift("DATA"), new Deployment.None(), List.of());

    assertThat(decision).isInstanceOf(Skip.class);
    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.NOTHING_DEPLOYED);
    assertThat(((Skip) decision).message()).contains("model " + MODEL);
  }

  @Test
  void shouldSkipWhenTheServingVersionsSpecCannotBeFound() {
    RetrainDecision decision =
        policy.decide(command(), new Deployment.Serving("v7", Optional.empty()), List.of());

    assertThat(((Skip) decision).reason()).isEqualTo(SkipReason.SOURCE_UNKNOWN);
    assertThat(((Skip) decision).message()).contains("v7").contains(MODEL);
  }
}
