package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code alerts.github} section: the GitHub-issues sink. An empty repository turns it off.
 *
 * @param apiUrl the REST API's base: {@code https://api.github.com}, or {@code https://HOST/api/v3}
 *     for GitHub Enterprise Server
 * @param repository {@code owner/name} the issues are opened in
 * @param tokenEnv the name of the environment variable that holds the token (never the token)
 */
public record GitHubSettings(
    @JsonProperty("api-url") String apiUrl,
    @JsonProperty("repository") String repository,
    @JsonProperty("token-env") String tokenEnv) {

  private static final String NONE_URL = "https://api.github.com";

  /** Off. */
  public static final GitHubSettings NONE = new GitHubSettings(NONE_URL, "", "GITHUB_TOKEN");

  public GitHubSettings {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? NONE_URL : apiUrl.trim();
    repository = repository == null ? "" : repository.trim();
    tokenEnv = tokenEnv == null ? "" : tokenEnv.trim();
    if (!repository.isEmpty()) {
      if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "alerts.github.repository = '" + repository + "' must be owner/name, e.g. acme/recsys");
      }
      if (!tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "alerts.github.token-env = '"
                + tokenEnv
                + "' must name an environment variable, e.g. GITHUB_TOKEN");
      }
      URI uri = URI.create(apiUrl);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "alerts.github.api-url = '"
                + apiUrl
                + "' must be http(s), e.g. https://api.github.com");
      }
    }
  }

  /**
   * The sink, when a repository is configured.
   *
   * @param environment reads environment variables
   * @throws IllegalArgumentException naming the variable when it is unset or empty
   */
  Optional<AlertSink> sink(UnaryOperator<String> environment) {
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    String token = environment.apply(tokenEnv);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "alerts.github.repository is set but the token variable "
              + tokenEnv
              + " (alerts.github.token-env) is unset or empty; export it with a token that may"
              + " write the repository's issues");
    }
    return Optional.of(
        new GitHubIssueSink(
            URI.create(apiUrl), repository, token.trim(), tokenEnv, Duration.ofSeconds(10)));
  }
}
