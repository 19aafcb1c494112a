package dev.mlpipe.deployer.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.deployer.TestModels;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ModelArtifact;
import dev.mlpipe.models.artifact.ModelCard;
import dev.mlpipe.models.mlp.Activation;
import dev.mlpipe.models.mlp.DenseLayer;
import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularTask;
import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class PredictRouteTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockProducer<String, PredictionLogged> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
  private PredictionLog log;
  private ServingServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  /** p = sigmoid(2 * (amount - 10) / 5 + (country == foreign ? 3 : 0) - 1), threshold 0.5. */
  public static ServedModel fraudModel() {
    MlpModel mlp =
        new MlpModel(
            TabularTask.BINARY_CLASSIFICATION,
            "is_fraud",
            List.of(
                new FeatureEncoder.Numeric("amount", 10, 5),
                new FeatureEncoder.Categorical("country", List.of("foreign", "home"))),
            List.of(
                new DenseLayer(
                    4, 1, new double[] {2, 3, 0, 0}, new double[] {-1}, Activation.SIGMOID)),
            0.5,
            0,
            1);
    ModelCard card =
        new ModelCard(
            "fraud-detection",
            "v7",
            "classifier-mlp",
            Map.of(),
            "abc",
            "run-7",
            "d".repeat(64),
            "e".repeat(64),
            Map.of(),
            Instant.parse("2026-01-01T00:00:00Z"));
    return ServedModel.of("f".repeat(64), ModelArtifact.tabular(card, mlp), Optional.empty());
  }

  @BeforeEach
  void start() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    log = new PredictionLog(Topics.PREDICTION_LOGGED.name(), producer, 100, meters);
    Routes routes = new Routes();
    routes.put(new ModelRoute("fraud-detection", fraudModel(), null, 0));
    routes.put(
        new ModelRoute(
            "movies",
            ServedModel.of("a".repeat(64), TestModels.artifact("movies", "v1"), Optional.empty()),
            null,
            0));
    server =
        ServingServer.start(
            0,
            2,
            routes,
            new ServingMetrics(meters),
            log,
            meters,
            new ServingServer.Health() {
              @Override
              public boolean isAlive() {
                return true;
              }

              @Override
              public Optional<String> notReady() {
                return Optional.empty();
              }
            },
            Clock.systemUTC(),
            "deployer-test");
  }

  @AfterEach
  void stop() {
    server.close();
    log.close();
  }

  private HttpResponse<String> post(String model, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/" + model + "/predict"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerAClassifiersProbabilityAndLabelWithTheVersionAndLogIt() throws Exception {
    HttpResponse<String> response =
        post("fraud-detection", "{\"amount\": 20, \"country\": \"foreign\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(ServingServer.VERSION_HEADER)).contains("v7");
    JsonNode body = JSON.readTree(response.body());
    double expected = 1 / (1 + Math.exp(-(2 * 2.0 + 3 - 1)));
    assertThat(body.get("probability").asDouble()).isEqualTo(expected);
    assertThat(body.get("label").asBoolean()).isTrue();
    String id = body.get("predictionId").asText();

    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
    PredictionLogged logged = producer.history().get(0).value();
    assertThat(logged.getPredictionId()).isEqualTo(id);
    assertThat(logged.getVersion()).isEqualTo("v7");
    assertThat(logged.getNumericInputs()).containsEntry("amount", 20.0);
    assertThat(logged.getCategoricalInputs()).containsEntry("country", "foreign");
    assertThat(logged.getOutputScore()).isEqualTo(expected);
  }

  @Test
  void shouldNameTheMissingFeatureIn400() throws Exception {
    HttpResponse<String> response = post("fraud-detection", "{\"amount\": 20}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("field").asText()).isEqualTo("country");
    assertThat(body.get("error").asText()).startsWith("country: missing");
  }

  @Test
  void shouldNameAFeatureOfTheWrongTypeIn400() throws Exception {
    HttpResponse<String> response =
        post("fraud-detection", "{\"amount\": \"lots\", \"country\": \"home\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo("amount");
    HttpResponse<String> list = post("fraud-detection", "{\"amount\": 1, \"country\": [\"home\"]}");
    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(list.body()).get("field").asText()).isEqualTo("country");
  }

  @Test
  void shouldRefuseABodyThatIsNotAJsonObject() throws Exception {
    HttpResponse<String> response = post("fraud-detection", "[1, 2]");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("field").asText()).isEqualTo("(body)");
    assertThat(post("fraud-detection", "{oops").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer404ForAnUnknownModelAnd400ForARecommender() throws Exception {
    assertThat(post("nope", "{}").statusCode()).isEqualTo(404);
    HttpResponse<String> recommender = post("movies", "{}");
    assertThat(recommender.statusCode()).isEqualTo(400);
    assertThat(recommender.body()).contains("/recommend");
  }
}
