package dev.mlpipe.console.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRowsTest {

  @Test
  void shouldWriteATrainingsHoldoutMetricsUnderEnvironmentTraining() {
    assertThat(MetricRows.of(SampleEvents.trainingFinished()))
        .containsExactly(
            new MetricRow(
                SampleEvents.MODEL,
                "v42",
                SampleEvents.RUN_ID,
                "training",
                "ndcg_at_10",
                0.41,
                SampleEvents.OCCURRED_AT),
            new MetricRow(
                SampleEvents.MODEL,
                "v42",
                SampleEvents.RUN_ID,
                "training",
                "rmse",
                0.71,
                SampleEvents.OCCURRED_AT));
  }

  @Test
  void shouldWriteADeploymentsMetricsUnderItsEnvironment() {
    ModelDeployed staging =
        ModelDeployed.newBuilder(SampleEvents.modelDeployed())
            .setEnvironment(Environment.STAGING)
            .setMetrics(Map.of("rmse", 0.7))
            .build();

    assertThat(MetricRows.of(staging))
        .extracting(MetricRow::environment, MetricRow::metric, MetricRow::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("staging", "rmse", 0.7));
  }

  @Test
  void shouldMakeTheSameRowsWhenTheSameEventComesAgain() {
    assertThat(MetricRows.of(SampleEvents.modelDeployed()))
        .isEqualTo(MetricRows.of(SampleEvents.modelDeployed()));
  }

  @Test
  void shouldWriteNothingForEventsWithoutMetrics() {
    assertThat(MetricRows.of(SampleEvents.rolledBack())).isEmpty();
    assertThat(MetricRows.of(SampleEvents.commitPushed())).isEmpty();
  }
}
