package dev.mlpipe.webhook.github;

import dev.mlpipe.webhook.signature.WebhookSecrets;
import java.util.Map;
import java.util.Objects;

/**
 * What the decision about a delivery depends on.
 *
 * @param secrets the secrets a delivery may be signed with
 * @param filter which pushes are watched
 * @param pullRequests whether an opened or synchronized pull request publishes a CommitPushed
 *     (marked with its number)
 * @param models the model name per repository ({@code owner/name} to model); a repository not
 *     listed is the model named like the repository, in lower case
 * @param specPath where the training spec is in a model repository
 * @param maxBodyBytes larger bodies are refused with 413 (GitHub caps payloads at 25 MB)
 */
public record GitHubSettings(
    WebhookSecrets secrets,
    WatchFilter filter,
    boolean pullRequests,
    Map<String, String> models,
    String specPath,
    int maxBodyBytes) {

  /** GitHub's own cap on webhook payloads. */
  public static final int GITHUB_MAX_BODY_BYTES = 25 * 1024 * 1024;

  public GitHubSettings {
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(filter, "filter");
    models = Map.copyOf(models);
    Objects.requireNonNull(specPath, "specPath");
    if (specPath.isBlank() || specPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "specPath must be a relative path in the repository, e.g. mlpipe.yaml, was '"
              + specPath
              + "'");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
  }

  /** Every push watched, pull requests ignored, {@code mlpipe.yaml}, GitHub's 25 MB cap. */
  public static GitHubSettings defaults(WebhookSecrets secrets) {
    return new GitHubSettings(
        secrets, WatchFilter.everything(), false, Map.of(), "mlpipe.yaml", GITHUB_MAX_BODY_BYTES);
  }

  public GitHubSettings withFilter(WatchFilter newFilter) {
    return new GitHubSettings(secrets, newFilter, pullRequests, models, specPath, maxBodyBytes);
  }

  public GitHubSettings withPullRequests(boolean publish) {
    return new GitHubSettings(secrets, filter, publish, models, specPath, maxBodyBytes);
  }

  public GitHubSettings withModels(Map<String, String> newModels) {
    return new GitHubSettings(secrets, filter, pullRequests, newModels, specPath, maxBodyBytes);
  }

  public GitHubSettings withMaxBodyBytes(int max) {
    return new GitHubSettings(secrets, filter, pullRequests, models, specPath, max);
  }
}
