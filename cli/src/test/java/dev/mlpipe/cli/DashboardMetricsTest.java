package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.console.models.ModelMeters;
import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.deployer.serving.PredictionLog;
import dev.mlpipe.deployer.serving.ServingMetrics;
import dev.mlpipe.events.runtime.StageConfig;
import dev.mlpipe.events.runtime.StageRuntime;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard queries is one the pipeline exposes: the names are taken from
 * a Prometheus scrape of the real meters (stage runtime, Kafka consumer, serving, prediction log,
 * the console's model meters), so renaming a meter without the dashboard fails here.
 */
class DashboardMetricsTest {

  private static final Pattern METRIC = Pattern.compile("\\b((?:mlpipe|kafka)_[a-z0-9_]+)");

  @Test
  void shouldQueryOnlyMetricsThePipelineExposes() throws IOException {
    Set<String> exposed = exposedMetricNames();
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                SourceRulesTest.REPO.resolve("monitoring/grafana/dashboards/mlpipe.json").toFile());
    Set<String> queried = new TreeSet<>();
    dashboard
        .path("panels")
        .forEach(
            panel ->
                panel
                    .path("targets")
                    .forEach(
                        t -> {
                          Matcher m = METRIC.matcher(t.path("expr").asText());
                          while (m.find()) {
                            queried.add(m.group(1));
                          }
                        }));

    assertThat(queried)
        .contains(
            "mlpipe_stage_records_in_total",
            "mlpipe_stage_records_dead_lettered_total",
            "kafka_consumer_fetch_manager_records_lag_max",
            "mlpipe_model_training_duration_seconds_count",
            "mlpipe_model_validation_metric",
            "mlpipe_serving_requests_seconds_count");
    assertThat(exposed).containsAll(queried);
  }

  private static Set<String> exposedMetricNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new StageRuntime<byte[], byte[]>(
        StageConfig.of("dashboard-test", "127.0.0.1:1", List.of("in")),
        new ByteArrayDeserializer(),
        new ByteArraySerializer(),
        event -> List.of(),
        registry);
    ModelMeters models = new ModelMeters(registry);
    models.record(
        PipelineEvent.of(Topics.TRAINING_FINISHED.name(), SampleEvents.trainingFinished()));
    models.record(
        PipelineEvent.of(Topics.VALIDATION_PASSED.name(), SampleEvents.validationPassed()));
    new ServingMetrics(registry).record("m", "v1", 250, true, true);
    MockProducer<String, PredictionLogged> producer =
        new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    PredictionLog predictionLog =
        new PredictionLog(Topics.PREDICTION_LOGGED.name(), producer, 1, registry);
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        KafkaClientMetrics kafka = new KafkaClientMetrics(consumer)) {
      kafka.bindTo(registry);
      Set<String> names = new TreeSet<>();
      for (String line : registry.scrape().split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
      return names;
    } finally {
      predictionLog.close();
    }
  }
}
