package dev.mlpipe.deployer.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlpipe.models.mlp.InvalidFeatureException;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.PredictionLogged;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints, on the JDK's own server: {@code GET /health}, {@code /ready}, {@code
 * /metrics} (Prometheus), {@code /v1/models}, {@code GET /v1/models/{model}/recommend?user=U&k=10}
 * for recommenders and {@code POST /v1/models/{model}/predict} with a JSON feature map for tabular
 * models. Answers are JSON; predictions carry {@code X-Model-Version} and a prediction id for
 * feedback.
 */
public final class ServingServer implements AutoCloseable {

  /** The header naming the version that answered. */
  public static final String VERSION_HEADER = "X-Model-Version";

  private static final Logger log = LoggerFactory.getLogger(ServingServer.class);
  private static final Pattern RECOMMEND = Pattern.compile("/v1/models/([^/]+)/recommend");
  private static final Pattern PREDICT = Pattern.compile("/v1/models/([^/]+)/predict");

  /** The largest {@code /predict} body read. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

  /**
   * The JDK server writes a response's headers and body in two segments; with Nagle's algorithm on,
   * the body waits for the client's delayed ACK of the headers, about 40 ms per request on a
   * kept-alive connection. The server reads this property once, when its first instance is made, so
   * the cli sets it at start too (another server, the embedded registry, may come first).
   */
  public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    System.setProperty(NO_DELAY_PROPERTY, "true");
  }

  /** Whether the process is alive and whether it is ready, with the reason when it is not. */
  public interface Health {
    boolean isAlive();

    /** Empty when ready, else why not. */
    Optional<String> notReady();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Routes routes;
  private final ServingMetrics metrics;
  private final PredictionLog predictions;
  private final PrometheusMeterRegistry prometheus;
  private final Health health;
  private final Clock clock;
  private final String producer;

  private ServingServer(
      HttpServer server,
      ExecutorService executor,
      Routes routes,
      ServingMetrics metrics,
      PredictionLog predictions,
      PrometheusMeterRegistry prometheus,
      Health health,
      Clock clock,
      String producer) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.metrics = metrics;
    this.predictions = predictions;
    this.prometheus = prometheus;
    this.health = health;
    this.clock = clock;
    this.producer = producer;
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param port the port, 0 for any free one
   * @param threads request threads
   */
  public static ServingServer start(
      int port,
      int threads,
      Routes routes,
      ServingMetrics metrics,
      PredictionLog predictions,
      PrometheusMeterRegistry prometheus,
      Health health,
      Clock clock,
      String producer) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    } catch (IOException e) {
      throw new IllegalStateException(
          "serving cannot listen on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); free the port or set deployer.serving.port (0 = any free port)",
          e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "mlpipe-serving");
              t.setDaemon(true);
              return t;
            });
    ServingServer s =
        new ServingServer(
            server,
            executor,
            Objects.requireNonNull(routes),
            Objects.requireNonNull(metrics),
            Objects.requireNonNull(predictions),
            Objects.requireNonNull(prometheus),
            Objects.requireNonNull(health),
            Objects.requireNonNull(clock),
            Objects.requireNonNull(producer));
    server.createContext("/", s::handle);
    server.setExecutor(executor);
    server.start();
    log.info("serving on {}", s.url());
    return s;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Matcher predict = PREDICT.matcher(path);
      if (predict.matches()) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          json(exchange, 405, Map.of("error", "POST a JSON object of features to " + path));
          return;
        }
        predict(exchange, URLDecoder.decode(predict.group(1), StandardCharsets.UTF_8));
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        json(exchange, 405, Map.of("error", "only GET is served here"));
        return;
      }
      switch (path) {
        case "/health" ->
            json(
                exchange,
                health.isAlive() ? 200 : 503,
                Map.of("status", health.isAlive() ? "UP" : "DOWN"));
        case "/ready" -> {
          Optional<String> why = health.notReady();
          json(
              exchange,
              why.isEmpty() ? 200 : 503,
              why.isEmpty()
                  ? Map.of("status", "READY")
                  : Map.of("status", "NOT_READY", "reason", why.get()));
        }
        case "/metrics" -> {
          byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
        case "/v1/models" -> json(exchange, 200, modelsOverview());
        default -> {
          Matcher m = RECOMMEND.matcher(path);
          if (m.matches()) {
            recommend(exchange, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
          } else {
            json(exchange, 404, Map.of("error", "no endpoint " + path));
          }
        }
      }
    } catch (RuntimeException e) {
      log.error("serving failed on {}: {}", exchange.getRequestURI(), e.toString(), e);
    }
  }

  private void recommend(HttpExchange exchange, String model) throws IOException {
    long start = System.nanoTime();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Optional<ModelRoute> route = routes.of(model);
    if (route.isEmpty()) {
      json(
          exchange,
          404,
          Map.of(
              "error",
              "no model '" + model + "' is deployed; deployed models: " + routes.all().keySet()));
      return;
    }
    String userText = query.get("user");
    Integer user = parseInt(userText);
    if (user == null) {
      json(
          exchange,
          400,
          Map.of(
              "field",
              "user",
              "error",
              "user must be a whole-number user id, was "
                  + (userText == null ? "missing" : "'" + userText + "'")));
      return;
    }
    String kText = query.getOrDefault("k", "10");
    Integer k = parseInt(kText);
    if (k == null || k < 1 || k > Recommender.MAX_K) {
      json(
          exchange,
          400,
          Map.of(
              "field", "k", "error", "k must be 1-" + Recommender.MAX_K + ", was '" + kText + "'"));
      return;
    }
    ServedModel served = route.get().choose(user);
    if (served.isTabular()) {
      json(
          exchange,
          400,
          Map.of(
              "error",
              "model '"
                  + model
                  + "' is a tabular model: POST its features to /v1/models/"
                  + model
                  + "/predict"));
      return;
    }
    Recommendation rec;
    try {
      rec = Recommender.recommend(served, user, k);
    } catch (RuntimeException e) {
      long micros = (System.nanoTime() - start) / 1_000;
      metrics.record(model, served.version(), micros, true, false);
      log.error(
          "model {} version {} failed for user {}: {}",
          model,
          served.version(),
          user,
          e.toString());
      json(exchange, 500, Map.of("error", "the model failed: " + e.getMessage()));
      return;
    }
    String predictionId = PredictionIds.next();
    exchange.getResponseHeaders().set(VERSION_HEADER, served.version());
    send(exchange, 200, recommendationJson(model, served.version(), predictionId, user, rec));
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.record(model, served.version(), micros, false, rec.fallback());
    predictions.offer(
        logged(predictionId, model, served)
            .setNumericInputs(Map.of("k", (double) k))
            .setCategoricalInputs(Map.of("user", String.valueOf(user)))
            .setOutputScore(null)
            .setOutputItems(rec.items().stream().map(String::valueOf).toList())
            .setFallback(rec.fallback())
            .setLatencyMicros(micros)
            .build());
  }

  private void predict(HttpExchange exchange, String model) throws IOException {
    long start = System.nanoTime();
    Optional<ModelRoute> route = routes.of(model);
    if (route.isEmpty()) {
      json(
          exchange,
          404,
          Map.of(
              "error",
              "no model '" + model + "' is deployed; deployed models: " + routes.all().keySet()));
      return;
    }
    // No user to stick to: each request draws its version by the canary's weight.
    ServedModel served = route.get().choose(ThreadLocalRandom.current().nextInt());
    if (!served.isTabular()) {
      json(
          exchange,
          400,
          Map.of(
              "error",
              "model '"
                  + model
                  + "' is a recommender: GET /v1/models/"
                  + model
                  + "/recommend?user=U"));
      return;
    }
    Map<String, Object> features;
    try {
      features = features(exchange);
    } catch (BadBody e) {
      json(exchange, 400, Map.of("field", "(body)", "error", e.getMessage()));
      return;
    }
    Predictor.Prediction prediction;
    try {
      prediction = Predictor.predict(served, features);
    } catch (InvalidFeatureException e) {
      json(exchange, 400, Map.of("field", e.field(), "error", e.getMessage()));
      return;
    } catch (RuntimeException e) {
      long micros = (System.nanoTime() - start) / 1_000;
      metrics.record(model, served.version(), micros, true, false);
      log.error("model {} version {} failed: {}", model, served.version(), e.toString());
      json(exchange, 500, Map.of("error", "the model failed: " + e.getMessage()));
      return;
    }
    String predictionId = PredictionIds.next();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("version", served.version());
    body.put("predictionId", predictionId);
    if (prediction.label() != null) {
      body.put("probability", prediction.value());
      body.put("label", prediction.label());
    } else {
      body.put("value", prediction.value());
    }
    exchange.getResponseHeaders().set(VERSION_HEADER, served.version());
    json(exchange, 200, body);
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.record(model, served.version(), micros, false, false);
    Map<String, Double> numeric = new HashMap<>();
    Map<String, String> categorical = new HashMap<>();
    features.forEach(
        (name, value) -> {
          if (value instanceof Number n) {
            numeric.put(name, n.doubleValue());
          } else {
            categorical.put(name, String.valueOf(value));
          }
        });
    predictions.offer(
        logged(predictionId, model, served)
            .setNumericInputs(numeric)
            .setCategoricalInputs(categorical)
            .setOutputScore(prediction.value())
            .setOutputItems(List.of())
            .setFallback(false)
            .setLatencyMicros(micros)
            .build());
  }

  /** A prediction log entry with what every served answer shares: its id, model and version. */
  private PredictionLogged.Builder logged(String predictionId, String model, ServedModel served) {
    return PredictionLogged.newBuilder()
        .setMeta(
            EventMeta.newBuilder()
                .setEventId(predictionId)
                .setRunId(served.card().runId())
                .setCausationId(null)
                .setOccurredAt(clock.instant())
                .setProducer(producer)
                .build())
        .setModel(model)
        .setVersion(served.version())
        .setPredictionId(predictionId);
  }

  /** The request body as a JSON object of features. */
  private static Map<String, Object> features(HttpExchange exchange) throws IOException, BadBody {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BadBody("the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadBody("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadBody(
          "expected a JSON object of features, e.g. {\"amount\": 12.5, \"country\": \"home\"}");
    }
    Map<String, Object> features = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      JsonNode v = field.getValue();
      Object value;
      if (v.isNumber()) {
        value = v.doubleValue();
      } else if (v.isTextual()) {
        value = v.asText();
      } else if (v.isNull()) {
        value = null;
      } else {
        value = v.isBoolean() ? (Object) v.booleanValue() : v; // refused by type, by name
      }
      if (value != null) {
        features.put(field.getKey(), value);
      }
    }
    return features;
  }

  /** A {@code /predict} body that is not a JSON object of features. */
  private static final class BadBody extends Exception {
    private static final long serialVersionUID = 1L;

    BadBody(String message) {
      super(message);
    }
  }

  private Map<String, Object> modelsOverview() {
    Map<String, Object> out = new LinkedHashMap<>();
    routes
        .all()
        .forEach(
            (model, route) -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("stable", route.stable() == null ? null : route.stable().version());
              r.put("canary", route.canary() == null ? null : route.canary().version());
              r.put("canaryPercent", route.canaryPercent());
              out.put(model, r);
            });
    return out;
  }

  private static Integer parseInt(String text) {
    if (text == null || !PredictionIds.isSmallInt(text)) {
      return null;
    }
    return Integer.parseInt(text);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(key, value);
    }
    return out;
  }

  /**
   * The recommend answer written directly, the hottest path: the same JSON Jackson writes for the
   * equivalent map, without building the map of maps and walking it reflectively per request.
   */
  static byte[] recommendationJson(
      String model, String version, String predictionId, int user, Recommendation rec) {
    StringBuilder out = new StringBuilder(96 + 40 * rec.items().size());
    out.append("{\"model\":\"")
        .append(ESCAPE.quoteAsString(model))
        .append("\",\"version\":\"")
        .append(ESCAPE.quoteAsString(version))
        .append("\",\"predictionId\":\"")
        .append(predictionId)
        .append("\",\"user\":")
        .append(user)
        .append(",\"fallback\":")
        .append(rec.fallback())
        .append(",\"items\":[");
    for (int i = 0; i < rec.items().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"item\":").append(rec.items().get(i).intValue());
      double score = rec.scores().get(i);
      if (Double.isFinite(score)) {
        out.append(",\"score\":").append(score);
      }
      out.append('}');
    }
    return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
