package dev.mlpipe.webhook.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.webhook.signature.Signatures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test deliveries in GitHub's documented webhook payload formats (docs.github.com, "Webhook events
 * and payloads": push, ping, pull_request), trimmed to the documented fields, built as trees so a
 * test can remove or change any one of them.
 */
public final class GitHubPayloads {

  public static final String SECRET = "It's a Secret to Everybody";
  public static final String REPO = "acme/recsys";
  public static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
  public static final String BEFORE = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
  public static final String ZEROS = "0000000000000000000000000000000000000000";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GitHubPayloads() {}

  /** A push of one commit to {@code main} of acme/recsys changing the model's spec. */
  public static ObjectNode push() {
    ObjectNode push = MAPPER.createObjectNode();
    push.put("ref", "refs/heads/main");
    push.put("before", BEFORE);
    push.put("after", SHA);
    push.put("created", false);
    push.put("deleted", false);
    push.put("forced", false);
    push.putNull("base_ref");
    push.put("compare", "https://github.com/acme/recsys/compare/0d1a26e67d8f...6113728f27ae");
    ObjectNode commit =
        commit(
            SHA,
            "Raise the factor count",
            List.of(),
            List.of("models/recsys/mlpipe.yaml"),
            List.of());
    push.putArray("commits").add(commit);
    push.set("head_commit", commit.deepCopy());
    push.set("repository", repository());
    push.putObject("pusher").put("name", "ada").put("email", "ada@example.com");
    push.set("sender", sender());
    return push;
  }

  /** A push that creates a branch at an existing commit: no commits, head_commit present. */
  public static ObjectNode branchCreated(String branch) {
    ObjectNode push = push();
    push.put("ref", "refs/heads/" + branch);
    push.put("before", ZEROS);
    push.put("created", true);
    push.putNull("compare");
    push.putArray("commits");
    return push;
  }

  /** A push that deletes a branch: after is all zeros, head_commit null, no commits. */
  public static ObjectNode branchDeleted(String branch) {
    ObjectNode push = push();
    push.put("ref", "refs/heads/" + branch);
    push.put("before", SHA);
    push.put("after", ZEROS);
    push.put("deleted", true);
    push.putArray("commits");
    push.putNull("head_commit");
    return push;
  }

  /** A tag push: ref under refs/tags, base_ref the branch it was made on. */
  public static ObjectNode tagPushed(String tag) {
    ObjectNode push = push();
    push.put("ref", "refs/tags/" + tag);
    push.put("before", ZEROS);
    push.put("created", true);
    push.put("base_ref", "refs/heads/main");
    push.putArray("commits");
    return push;
  }

  /** GitHub's ping when a webhook is created. */
  public static ObjectNode ping() {
    ObjectNode ping = MAPPER.createObjectNode();
    ping.put("zen", "Keep it logically awesome.");
    ping.put("hook_id", 123456789);
    ObjectNode hook = ping.putObject("hook");
    hook.put("type", "Repository");
    hook.put("id", 123456789);
    hook.put("active", true);
    hook.putArray("events").add("push").add("pull_request");
    hook.putObject("config")
        .put("content_type", "json")
        .put("insecure_ssl", "0")
        .put("url", "https://ci.example.com/webhooks/github");
    ping.set("repository", repository());
    ping.set("sender", sender());
    return ping;
  }

  /** A pull request event from branch {@code feature/more-factors} into {@code main}. */
  public static ObjectNode pullRequest(String action) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("action", action);
    event.put("number", 42);
    ObjectNode pr = event.putObject("pull_request");
    pr.put("url", "https://api.github.com/repos/acme/recsys/pulls/42");
    pr.put("number", 42);
    pr.put("state", "open");
    pr.put("title", "More factors");
    pr.putObject("user").put("login", "grace");
    ObjectNode head = pr.putObject("head");
    head.put("label", "acme:feature/more-factors");
    head.put("ref", "feature/more-factors");
    head.put("sha", SHA);
    head.set("repo", repository());
    ObjectNode base = pr.putObject("base");
    base.put("label", "acme:main");
    base.put("ref", "main");
    base.put("sha", BEFORE);
    base.set("repo", repository());
    event.set("repository", repository());
    event.set("sender", sender());
    return event;
  }

  public static ObjectNode commit(
      String id, String message, List<String> added, List<String> modified, List<String> removed) {
    ObjectNode commit = MAPPER.createObjectNode();
    commit.put("id", id);
    commit.put("tree_id", "f9d2a07e9488b91af2641b26b9407fe22a451433");
    commit.put("distinct", true);
    commit.put("message", message);
    commit.put("timestamp", "2026-11-23T12:00:00+01:00");
    commit.put("url", "https://github.com/acme/recsys/commit/" + id);
    commit
        .putObject("author")
        .put("name", "Ada Lovelace")
        .put("email", "ada@example.com")
        .put("username", "ada");
    commit
        .putObject("committer")
        .put("name", "GitHub")
        .put("email", "noreply@github.com")
        .put("username", "web-flow");
    strings(commit.putArray("added"), added);
    strings(commit.putArray("removed"), removed);
    strings(commit.putArray("modified"), modified);
    return commit;
  }

  public static ObjectNode repository() {
    ObjectNode repo = MAPPER.createObjectNode();
    repo.put("id", 35129377);
    repo.put("node_id", "MDEwOlJlcG9zaXRvcnkzNTEyOTM3Nw==");
    repo.put("name", "recsys");
    repo.put("full_name", REPO);
    repo.put("private", false);
    repo.putObject("owner").put("name", "acme").put("login", "acme");
    repo.put("html_url", "https://github.com/acme/recsys");
    repo.put("clone_url", "https://github.com/acme/recsys.git");
    repo.put("ssh_url", "git@github.com:acme/recsys.git");
    repo.put("default_branch", "main");
    return repo;
  }

  private static ObjectNode sender() {
    ObjectNode sender = MAPPER.createObjectNode();
    sender.put("login", "ada");
    sender.put("id", 21031067);
    sender.put("type", "User");
    return sender;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /** The JSON body GitHub sends with content type application/json. */
  public static byte[] json(ObjectNode payload) {
    return payload.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The body GitHub sends with content type application/x-www-form-urlencoded. */
  public static byte[] form(ObjectNode payload) {
    return ("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A JSON delivery of {@code event}, signed with {@link #SECRET}. */
  public static Delivery signed(String event, String deliveryId, ObjectNode payload) {
    byte[] body = json(payload);
    return new Delivery(event, deliveryId, Signatures.sign(SECRET, body), "application/json", body);
  }
}
