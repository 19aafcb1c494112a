package dev.mlpipe.webhook.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipe.webhook.signature.SignatureCheck;
import dev.mlpipe.webhook.signature.Signatures;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a delivery means, in this order: too large (413), not signed with a configured
 * secret (401), missing GitHub headers (400), unsupported content type (415), malformed payload
 * (400 naming what is missing), then by event: {@code ping} answered, {@code push} and {@code
 * pull_request} published or ignored by the watch filter, anything else ignored. Pure: no I/O, no
 * clock.
 */
public final class DeliveryTriage {

  private static final String BRANCH_PREFIX = "refs/heads/";
  private static final String TAG_PREFIX = "refs/tags/";
  private static final Set<String> PR_ACTIONS = Set.of("opened", "synchronize", "reopened");

  private final GitHubSettings settings;

  public DeliveryTriage(GitHubSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Decision decide(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    if (delivery.body().length > settings.maxBodyBytes()) {
      return new Decision.Reject(
          413,
          "the body is larger than "
              + settings.maxBodyBytes()
              + " bytes, the most the bridge accepts (GitHub's own cap is 25 MB)");
    }
    SignatureCheck signature =
        Signatures.verify(delivery.signature(), delivery.body(), settings.secrets());
    if (signature != SignatureCheck.VALID) {
      return new Decision.Reject(401, signature.reason());
    }
    if (blank(delivery.event())) {
      return new Decision.Reject(400, "no X-GitHub-Event header: which event is this?");
    }
    if (blank(delivery.deliveryId())) {
      return new Decision.Reject(
          400, "no X-GitHub-Delivery header: the bridge needs the delivery id to publish once");
    }
    String event = delivery.event().strip();
    if (!event.equals("ping") && !event.equals("push") && !event.equals("pull_request")) {
      return new Decision.Ignore(
          "event '" + event + "' is not one the bridge acts on (push, pull_request, ping)");
    }
    try {
      PayloadReader payload = PayloadReader.of(delivery.contentType(), delivery.body());
      return switch (event) {
        case "ping" -> new Decision.Pong(hookId(payload));
        case "push" -> push(payload);
        default -> pullRequest(payload);
      };
    } catch (UnsupportedContentTypeException e) {
      return new Decision.Reject(415, e.getMessage());
    } catch (MalformedPayloadException e) {
      return new Decision.Reject(400, e.getMessage());
    }
  }

  private static String hookId(PayloadReader payload) {
    JsonNode id = payload.at("hook_id");
    return id == null ? null : id.asText();
  }

  private Decision push(PayloadReader payload) {
    String ref = payload.requireText("ref");
    String after = payload.requireText("after");
    Repository repository = repository(payload);
    payload.requireComplete("push");

    if (ref.startsWith(TAG_PREFIX)) {
      return new Decision.Ignore(
          "tag " + ref.substring(TAG_PREFIX.length()) + " pushed; tag pushes do not start runs");
    }
    if (!ref.startsWith(BRANCH_PREFIX)) {
      return new Decision.Ignore("ref " + ref + " is not a branch; only branch pushes start runs");
    }
    String branch = ref.substring(BRANCH_PREFIX.length());
    if (payload.bool("deleted")) {
      return new Decision.Ignore(
          "branch " + branch + " of " + repository.fullName() + " deleted; nothing to train");
    }
    Optional<String> excluded =
        settings.filter().excludesRepositoryOrBranch(repository.fullName(), branch);
    if (excluded.isPresent()) {
      return new Decision.Ignore(excluded.get());
    }

    JsonNode head = payload.at("head_commit");
    String sha = head != null && head.path("id").isTextual() ? head.path("id").textValue() : after;
    if (!sha.matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
      return new Decision.Reject(
          400, "the push payload's head commit '" + sha + "' is not a full commit sha");
    }
    List<String> changed = changedPaths(payload.at("commits"), head);
    excluded = settings.filter().excludesPaths(changed);
    if (excluded.isPresent()) {
      return new Decision.Ignore(excluded.get());
    }
    String author =
        head != null
            ? firstText(head.path("author"), "name", "username")
            : firstText(payload.at("pusher"), "name");
    if (author.isEmpty()) {
      author = payload.text("sender.login", "");
    }
    String message = head != null ? head.path("message").asText("") : "";
    return new Decision.Publish(
        new PushedCommit(
            model(repository),
            repository.fullName(),
            repository.cloneUrl(),
            branch,
            sha,
            author,
            message,
            settings.specPath(),
            changed,
            null));
  }

  private Decision pullRequest(PayloadReader payload) {
    String action = payload.requireText("action");
    Integer number = payload.requireInt("number");
    String headSha = payload.requireText("pull_request.head.sha");
    String headRef = payload.requireText("pull_request.head.ref");
    String baseRef = payload.requireText("pull_request.base.ref");
    Repository repository = repository(payload);
    payload.requireComplete("pull_request");

    if (!settings.pullRequests()) {
      return new Decision.Ignore(
          "pull requests do not start runs here (webhook-bridge pull-requests is off)");
    }
    if (!PR_ACTIONS.contains(action)) {
      return new Decision.Ignore(
          "pull request action '" + action + "' does not start a run (only " + PR_ACTIONS + ")");
    }
    // A pull request is watched when it targets a watched branch; its payload lists no changed
    // paths, so the path filter cannot apply to it.
    Optional<String> excluded =
        settings.filter().excludesRepositoryOrBranch(repository.fullName(), baseRef);
    if (excluded.isPresent()) {
      return new Decision.Ignore(
          "pull request #" + number + " targets a branch not watched: " + excluded.get());
    }
    if (!headSha.matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
      return new Decision.Reject(
          400, "pull_request.head.sha '" + headSha + "' is not a full commit sha");
    }
    return new Decision.Publish(
        new PushedCommit(
            model(repository),
            repository.fullName(),
            repository.cloneUrl(),
            headRef,
            headSha,
            payload.text("pull_request.user.login", payload.text("sender.login", "")),
            payload.text("pull_request.title", ""),
            settings.specPath(),
            List.of(),
            number));
  }

  private static Repository repository(PayloadReader payload) {
    return new Repository(
        payload.requireText("repository.full_name"),
        payload.requireText("repository.name"),
        payload.requireText("repository.clone_url"));
  }

  private String model(Repository repository) {
    for (Map.Entry<String, String> entry : settings.models().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(repository.fullName())) {
        return entry.getValue();
      }
    }
    return repository.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Every path the pushed commits added, modified or removed, in order, once each. A push that
   * lists no commits (a new branch at an existing commit) falls back to the head commit's paths.
   */
  static List<String> changedPaths(JsonNode commits, JsonNode head) {
    Set<String> paths = new LinkedHashSet<>();
    if (commits != null && commits.isArray()) {
      for (JsonNode commit : commits) {
        addPaths(commit, paths);
      }
    }
    if (paths.isEmpty() && head != null) {
      addPaths(head, paths);
    }
    return List.copyOf(paths);
  }

  private static void addPaths(JsonNode commit, Set<String> paths) {
    for (String kind : List.of("added", "modified", "removed")) {
      for (JsonNode path : commit.path(kind)) {
        if (path.isTextual()) {
          paths.add(path.textValue());
        }
      }
    }
  }

  private static String firstText(JsonNode node, String... fields) {
    if (node == null) {
      return "";
    }
    for (String field : fields) {
      JsonNode value = node.get(field);
      if (value != null && value.isTextual() && !value.textValue().isBlank()) {
        return value.textValue();
      }
    }
    return "";
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private record Repository(String fullName, String name, String cloneUrl) {}
}
