package dev.mlpipe.console.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.RunStory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftSeriesTest {

  private static final Instant T0 = Instant.parse("2026-11-16T10:00:00Z");

  @Test
  void shouldFollowEachFeaturesStatisticAcrossWindowsOldestFirst() {
    RunStory story = new RunStory("run-d", "recommender", T0);

    List<DriftSeries> series =
        DriftSeries.fold(
            List.of(
                story.featureDrift(300, "user_id", 0.31, 0.2),
                story.featureDrift(120, "user_id", 0.12, 0.2),
                story.featureDrift(200, "item_id", 0.05, 0.25),
                story.commit(0)));

    assertThat(series).extracting(DriftSeries::feature).containsExactly("item_id", "user_id");
    DriftSeries user = series.get(1);
    assertThat(user.statistic()).isEqualTo("PSI");
    assertThat(user.points()).extracting(DriftSeries.Point::value).containsExactly(0.12, 0.31);
    assertThat(user.points()).extracting(DriftSeries.Point::drifted).containsExactly(false, true);
    assertThat(user.threshold()).isEqualTo(0.2);
    assertThat(user.points().get(0).windowEnd()).isEqualTo(story.at(120));
  }

  @Test
  void shouldFindNoSeriesWithoutDriftEvents() {
    assertThat(DriftSeries.fold(new RunStory("r", "m", T0).happyPath())).isEmpty();
  }
}
