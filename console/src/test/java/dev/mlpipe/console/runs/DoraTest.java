package dev.mlpipe.console.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.schemas.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoraTest {

  /** A Monday: week 2026-W47. */
  private static final Instant WEEK_47 = Instant.parse("2026-11-16T10:00:00Z");

  private static final Instant WEEK_48 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void shouldCountDeploymentsAndTakeTheMedianLeadTimePerModelAndWeek() {
    List<PipelineEvent> events = new ArrayList<>();
    events.addAll(new RunStory("a", "recommender", WEEK_47).version("v1").happyPath());
    events.addAll(
        new RunStory("b", "recommender", WEEK_47.plusSeconds(3600)).version("v2").happyPath());
    RunStory slow = new RunStory("c", "recommender", WEEK_47.plusSeconds(7200)).version("v3");
    events.addAll(
        List.of(
            slow.commit(0),
            slow.trainingFinished(10),
            slow.validationPassed(20),
            slow.deployed(30, Environment.STAGING, 100),
            slow.deployed(100, Environment.PRODUCTION, 100)));
    events.addAll(new RunStory("d", "recommender", WEEK_48).version("v4").happyPath());
    events.addAll(new RunStory("e", "fraud", WEEK_47).happyPath());

    List<Dora.Figures> weekly = Dora.weekly(Runs.fold(events), Optional.empty(), Instant.EPOCH);

    assertThat(weekly)
        .extracting(Dora.Figures::model, Dora.Figures::week, Dora.Figures::deployments)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fraud", "2026-W47", 1),
            org.assertj.core.groups.Tuple.tuple("recommender", "2026-W47", 3),
            org.assertj.core.groups.Tuple.tuple("recommender", "2026-W48", 1));
    Dora.Figures w47 = weekly.get(1);
    assertThat(w47.leadTimeToProduction()).contains(Duration.ofSeconds(40));
    assertThat(w47.leadTimeToStaging()).contains(Duration.ofSeconds(14));
    assertThat(w47.changeFailureRate()).contains(0.0);
    assertThat(w47.timeToRestore()).isEmpty();
  }

  @Test
  void shouldCountRolledBackAndFailedRolloutsAsFailedChangesAndMeasureTimeToRestore() {
    List<PipelineEvent> events = new ArrayList<>();
    RunStory good = new RunStory("good", "recommender", WEEK_47).version("v1");
    events.addAll(good.happyPath());
    RunStory rolled = new RunStory("rolled", "recommender", WEEK_47).version("v2");
    events.addAll(
        List.of(
            rolled.commit(0),
            rolled.trainingFinished(10),
            rolled.validationPassed(20),
            rolled.deployed(30, Environment.PRODUCTION, 5),
            rolled.rolledBack(330, "rolled", true)));
    RunStory broken = new RunStory("broken", "recommender", WEEK_47).version("v3");
    events.addAll(
        List.of(
            broken.commit(0),
            broken.trainingFinished(10),
            broken.validationPassed(20),
            broken.deploymentFailed(30, Environment.PRODUCTION, "checksum mismatch")));
    RunStory rejected = new RunStory("rejected", "recommender", WEEK_47).version("v4");
    events.addAll(
        List.of(rejected.commit(0), rejected.trainingFinished(10), rejected.validationFailed(20)));

    Dora.Figures figures =
        Dora.overall(Runs.fold(events), Optional.of("recommender"), Instant.EPOCH).get(0);

    assertThat(figures.week()).isEqualTo(Dora.ALL_WEEKS);
    assertThat(figures.deployments()).isEqualTo(1);
    assertThat(figures.productionChanges()).isEqualTo(3);
    assertThat(figures.failedChanges()).isEqualTo(2);
    assertThat(figures.changeFailureRate().orElseThrow())
        .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(figures.timeToRestore()).contains(Duration.ofMinutes(5));
    assertThat(figures.restores()).isEqualTo(1);
  }

  @Test
  void shouldLeaveOutOtherModelsAndFactsBeforeSince() {
    List<PipelineEvent> events = new ArrayList<>();
    events.addAll(new RunStory("a", "recommender", WEEK_47).happyPath());
    events.addAll(new RunStory("b", "recommender", WEEK_48).version("v2").happyPath());
    events.addAll(new RunStory("c", "fraud", WEEK_48).happyPath());

    List<Dora.Figures> figures =
        Dora.weekly(Runs.fold(events), Optional.of("recommender"), WEEK_48);

    assertThat(figures).extracting(Dora.Figures::week).containsExactly("2026-W48");
    assertThat(figures.get(0).model()).isEqualTo("recommender");
  }

  @Test
  void shouldNameIsoWeeksAcrossTheYearBoundary() {
    assertThat(Dora.weekOf(Instant.parse("2026-12-31T23:00:00Z"))).isEqualTo("2026-W53");
    assertThat(Dora.weekOf(Instant.parse("2027-01-04T00:00:00Z"))).isEqualTo("2027-W01");
  }

  @Test
  void shouldGiveNoChangeFailureRateWithoutProductionChanges() {
    RunStory story = new RunStory("a", "recommender", WEEK_47);

    List<Dora.Figures> figures =
        Dora.weekly(
            Runs.fold(
                List.of(
                    story.commit(0),
                    story.trainingFinished(1),
                    story.validationPassed(2),
                    story.deployed(3, Environment.STAGING, 100))),
            Optional.empty(),
            Instant.EPOCH);

    assertThat(figures.get(0).changeFailureRate()).isEmpty();
    assertThat(figures.get(0).leadTimeToStaging()).contains(Duration.ofSeconds(3));
    assertThat(figures.get(0).deployments()).isZero();
  }
}
