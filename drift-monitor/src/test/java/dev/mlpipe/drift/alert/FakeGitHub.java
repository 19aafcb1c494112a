package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of GitHub's REST API the issue sink uses, on 127.0.0.1: list a repository's issues
 * (filtered by state and label), open one, comment on one. It checks the bearer token (401
 * otherwise), records every request, and answers the statuses it is told first, one per request.
 */
final class FakeGitHub implements AutoCloseable {

  /** One request as it arrived. */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An issue it holds. */
  record Issue(
      long number, String title, String body, List<String> labels, List<String> comments) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+/[^/]+)/issues");
  private static final Pattern COMMENTS =
      Pattern.compile("/repos/([^/]+/[^/]+)/issues/(\\d+)/comments");

  final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  final Map<Long, Issue> issues = new ConcurrentHashMap<>();
  final Map<Long, Boolean> closed = new ConcurrentHashMap<>();
  private final AtomicInteger nextNumber = new AtomicInteger(1);
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final String repository;
  private final String token;
  private final HttpServer server;

  FakeGitHub(String repository, String token) {
    this.repository = repository;
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** The next requests are answered with these statuses, in order, and not acted on. */
  synchronized FakeGitHub failNext(int... statuses) {
    for (int status : statuses) {
      this.statuses.add(status);
    }
    return this;
  }

  URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3");
  }

  List<Request> writes() {
    return requests.stream().filter(r -> r.method().equals("POST")).toList();
  }

  void close(long number) {
    closed.put(number, true);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath().replaceFirst("^/api/v3", "");
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestURI().getQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    Integer forced;
    synchronized (this) {
      forced = statuses.poll();
    }
    if (forced != null) {
      answer(exchange, forced, "{\"message\":\"forced " + forced + "\"}");
      return;
    }
    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{\"message\":\"Bad credentials\"}");
      return;
    }
    Matcher comments = COMMENTS.matcher(path);
    Matcher list = ISSUES.matcher(path);
    if (comments.matches() && comments.group(1).equals(repository)) {
      Issue issue = issues.get(Long.parseLong(comments.group(2)));
      if (issue == null) {
        answer(exchange, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      issue.comments().add(JSON.readTree(body).get("body").asText());
      answer(exchange, 201, "{\"id\":1}");
    } else if (list.matches() && list.group(1).equals(repository)) {
      if (exchange.getRequestMethod().equals("GET")) {
        String query = exchange.getRequestURI().getQuery();
        ArrayNode result = JSON.createArrayNode();
        issues.values().stream()
            .filter(i -> !closed.containsKey(i.number()))
            .filter(i -> query.contains("labels=") && i.labels().stream().anyMatch(query::contains))
            .forEach(
                i -> {
                  ObjectNode node = result.addObject();
                  node.put("number", i.number());
                  node.put("title", i.title());
                  node.put("body", i.body());
                });
        answer(exchange, 200, JSON.writeValueAsString(result));
      } else {
        JsonNode issue = JSON.readTree(body);
        long number = nextNumber.getAndIncrement();
        List<String> labels = new java.util.ArrayList<>();
        issue.path("labels").forEach(l -> labels.add(l.asText()));
        issues.put(
            number,
            new Issue(
                number,
                issue.get("title").asText(),
                issue.get("body").asText(),
                labels,
                new java.util.concurrent.CopyOnWriteArrayList<>()));
        answer(exchange, 201, "{\"number\":" + number + "}");
      }
    } else {
      answer(exchange, 404, "{\"message\":\"Not Found\"}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
