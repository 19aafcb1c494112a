package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps one open GitHub issue per model and alert kind (the drift kind, or the failure event's
 * type) through the GitHub REST API: the first alert opens it, later ones comment on it until
 * someone closes it; the next alert after that opens a new one.
 *
 * <p>The issue is found again by listing the repository's open issues with the label {@value
 * #LABEL} and reading a marker in their body ({@code <!-- mlpipe-alert: model/kind -->}). The list
 * API is read, not the search API, because search is eventually consistent: an issue opened a
 * moment ago may not be found yet, and a second one would be opened. The token is sent only in the
 * Authorization header; it is never logged nor part of an exception's message.
 */
public final class GitHubIssueSink implements AlertSink {

  /** The label every issue this sink opens carries; it lists them cheaply. */
  public static final String LABEL = "mlpipe-alert";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final int MAX_PAGES = 10;

  private final URI apiUrl;
  private final String repository;
  private final String token;
  private final String tokenVariable;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * A sink for one repository.
   *
   * @param apiUrl the REST API's base, {@code https://api.github.com} or a GitHub Enterprise
   *     server's {@code https://HOST/api/v3}
   * @param repository {@code owner/name}
   * @param token the access token (issues: write)
   * @param tokenVariable the environment variable the token came from, named in errors instead of
   *     the token
   * @param timeout per request
   */
  public GitHubIssueSink(
      URI apiUrl, String repository, String token, String tokenVariable, Duration timeout) {
    Objects.requireNonNull(apiUrl, "apiUrl");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.token = Objects.requireNonNull(token, "token");
    this.tokenVariable = Objects.requireNonNull(tokenVariable, "tokenVariable");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(apiUrl.getScheme()) && !"https".equals(apiUrl.getScheme())) {
      throw new IllegalArgumentException(
          "GitHub API URL " + apiUrl + " must be http or https, e.g. https://api.github.com");
    }
    if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "GitHub repository '" + repository + "' must be owner/name, e.g. acme/recsys");
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException(
          "the GitHub token variable " + tokenVariable + " is empty; set it to a token");
    }
    String base = apiUrl.toString();
    this.apiUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return "github(" + apiUrl.getHost() + "/" + repository + ")";
  }

  @Override
  public void deliver(Alert alert) throws AlertDeliveryException {
    String key = issueKey(alert);
    OptionalLong open = findOpenIssue(key);
    if (open.isPresent()) {
      ObjectNode comment = JSON.createObjectNode();
      comment.put("body", text(alert));
      send("POST", "/repos/" + repository + "/issues/" + open.getAsLong() + "/comments", comment);
    } else {
      ObjectNode issue = JSON.createObjectNode();
      issue.put("title", issueTitle(alert));
      issue.put("body", marker(key) + "\n" + text(alert));
      issue.putArray("labels").add(LABEL);
      send("POST", "/repos/" + repository + "/issues", issue);
    }
  }

  /** What one issue is about: the model and the drift kind, or the failure event's type. */
  static String issueKey(Alert alert) {
    String kind =
        alert.eventType().equals("DriftDetected")
            ? alert.fields().getOrDefault("kind", "unknown").toLowerCase(Locale.ROOT)
            : alert.eventType();
    return alert.model() + "/" + kind;
  }

  static String marker(String key) {
    return "<!-- mlpipe-alert: " + key + " -->";
  }

  private static String issueTitle(Alert alert) {
    if (alert.eventType().equals("DriftDetected")) {
      return "mlpipe: "
          + alert.fields().getOrDefault("kind", "unknown").toLowerCase(Locale.ROOT)
          + " drift of "
          + alert.model();
    }
    return "mlpipe: " + alert.eventType() + " for " + alert.model();
  }

  /** The Markdown of one alert: its title, details and fields, and the ids to follow it. */
  static String text(Alert alert) {
    StringBuilder text = new StringBuilder("**").append(alert.title()).append("**\n");
    if (!alert.details().isEmpty()) {
      text.append('\n');
      alert.details().forEach(line -> text.append("- ").append(line).append('\n'));
    }
    text.append('\n');
    for (Map.Entry<String, String> field : alert.fields().entrySet()) {
      text.append("- ").append(field.getKey()).append(": `").append(field.getValue()).append("`\n");
    }
    text.append("- eventId: `").append(alert.eventId()).append("`\n");
    text.append("- runId: `").append(alert.runId()).append("`\n");
    return text.toString();
  }

  private OptionalLong findOpenIssue(String key) throws AlertDeliveryException {
    String marker = marker(key);
    URI page =
        URI.create(
            apiUrl
                + "/repos/"
                + repository
                + "/issues?state=open&per_page=100&labels="
                + URLEncoder.encode(LABEL, StandardCharsets.UTF_8));
    for (int pages = 0; page != null && pages < MAX_PAGES; pages++) {
      HttpResponse<String> response = exchange(request(page).GET().build());
      JsonNode issues = parse(response.body());
      for (JsonNode issue : issues) {
        if (!issue.has("pull_request") && issue.path("body").asText("").contains(marker)) {
          return OptionalLong.of(issue.get("number").asLong());
        }
      }
      page = nextPage(response).orElse(null);
    }
    return OptionalLong.empty();
  }

  private static Optional<URI> nextPage(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Link")
        .map(NEXT_LINK::matcher)
        .filter(Matcher::find)
        .map(m -> URI.create(m.group(1)));
  }

  private void send(String method, String path, ObjectNode body) throws AlertDeliveryException {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a GitHub request could not be written as JSON", e);
    }
    exchange(
        request(URI.create(apiUrl + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", "mlpipe-drift-monitor")
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> exchange(HttpRequest request) throws AlertDeliveryException {
    String what = request.method() + " " + request.uri().getPath();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AlertDeliveryException(
          name() + " could not be reached (" + what + "): " + e.getClass().getSimpleName(),
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException(name() + ": interrupted", false, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response;
    }
    throw refusal(status, what, response);
  }

  private AlertDeliveryException refusal(int status, String what, HttpResponse<String> response) {
    String prefix = name() + " answered HTTP " + status + " to " + what + ": ";
    if (status == 401) {
      return new AlertDeliveryException(
          prefix + "the token in " + tokenVariable + " is not valid (expired or revoked?)",
          false,
          null);
    }
    boolean rateLimited =
        status == 429
            || (status == 403
                && response.headers().firstValue("x-ratelimit-remaining").orElse("").equals("0"));
    if (rateLimited) {
      return new AlertDeliveryException(prefix + "rate limited, will retry", true, null);
    }
    if (status == 403 || status == 404) {
      return new AlertDeliveryException(
          prefix
              + "the repository does not exist or the token in "
              + tokenVariable
              + " may not write its issues (it needs issues: write)",
          false,
          null);
    }
    if (status >= 500) {
      return new AlertDeliveryException(prefix + "GitHub is unavailable, will retry", true, null);
    }
    return new AlertDeliveryException(prefix + githubMessage(response.body()), false, null);
  }

  /** GitHub's own {@code message} of an error body, which names what was wrong. */
  private static String githubMessage(String body) {
    try {
      return JSON.readTree(body).path("message").asText("no message");
    } catch (JsonProcessingException e) {
      return "no message";
    }
  }

  private JsonNode parse(String body) throws AlertDeliveryException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isArray()) {
        throw new AlertDeliveryException(
            name() + " listed issues but the answer is not a JSON array", false, null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new AlertDeliveryException(
          name() + " listed issues but the answer is not JSON", false, null);
    }
  }
}
