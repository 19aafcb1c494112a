package dev.mlpipe.console.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ModelMeters meters = new ModelMeters(registry);

  @Test
  void shouldTimeEachTrainingOfAModel() {
    meters.record(
        PipelineEvent.of(Topics.TRAINING_FINISHED.name(), SampleEvents.trainingFinished()));
    meters.record(
        PipelineEvent.of(Topics.TRAINING_FINISHED.name(), SampleEvents.trainingFinished()));

    Timer timer =
        registry.get(ModelMeters.TRAINING_DURATION).tag("model", SampleEvents.MODEL).timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(36.0);
  }

  @Test
  void shouldShowEachValidatedVersionsCheckValuesAndVerdictAsGauges() {
    meters.record(PipelineEvent.of(Topics.VALIDATION_PASSED.name(), passed("v1")));
    meters.record(
        PipelineEvent.of(
            Topics.VALIDATION_FAILED.name(),
            ValidationFailed.newBuilder(SampleEvents.validationFailed()).setVersion("v2").build()));

    assertThat(passedGauge("v1").value()).isEqualTo(1.0);
    assertThat(passedGauge("v2").value()).isEqualTo(0.0);
    assertThat(registry.get(ModelMeters.VALIDATION_METRIC).tag("version", "v1").gauges())
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.getId().getTag("check")).isNotBlank());
  }

  @Test
  void shouldKeepOnlyTheNewestVersionsGaugesSoTheSeriesStayBounded() {
    for (int v = 1; v <= ModelMeters.VERSIONS_KEPT + 2; v++) {
      meters.record(PipelineEvent.of(Topics.VALIDATION_PASSED.name(), passed("v" + v)));
    }

    assertThat(registry.find(ModelMeters.VALIDATION_PASSED).gauges())
        .hasSize(ModelMeters.VERSIONS_KEPT);
    assertThat(registry.find(ModelMeters.VALIDATION_PASSED).tag("version", "v1").gauge()).isNull();
    assertThat(registry.find(ModelMeters.VALIDATION_PASSED).tag("version", "v12").gauge())
        .isNotNull();
  }

  private Gauge passedGauge(String version) {
    return registry
        .get(ModelMeters.VALIDATION_PASSED)
        .tag("model", SampleEvents.MODEL)
        .tag("version", version)
        .gauge();
  }

  private static ValidationPassed passed(String version) {
    return ValidationPassed.newBuilder(SampleEvents.validationPassed()).setVersion(version).build();
  }
}
