package dev.mlpipe.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  @Test
  void shouldServeWhatAStageRegisteredInTheGlobalRegistryAsPrometheusText() throws Exception {
    ProcessMetrics.registry();
    Counter.builder("mlpipe.endpoint.test.events")
        .tag("stage", "test")
        .register(Metrics.globalRegistry)
        .increment(3);

    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(endpoint.url()).GET().build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(endpoint.url().getPath()).isEqualTo("/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue(MetricsEndpoint.CONTENT_TYPE);
      assertThat(response.body())
          .contains("mlpipe_endpoint_test_events_total{stage=\"test\"} 3.0")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldRefuseAnythingButGet() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint.url().toString()))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(405);
    }
  }
}
