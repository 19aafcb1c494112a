package dev.mlpipe.webhook.github;

import static dev.mlpipe.webhook.github.GitHubPayloads.SECRET;
import static dev.mlpipe.webhook.github.GitHubPayloads.SHA;
import static dev.mlpipe.webhook.github.GitHubPayloads.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlpipe.webhook.signature.Signatures;
import dev.mlpipe.webhook.signature.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTriageTest {

  private static final GitHubSettings SETTINGS =
      GitHubSettings.defaults(new WebhookSecrets(List.of(SECRET)));
  private static final DeliveryTriage EVERYTHING = new DeliveryTriage(SETTINGS);

  private static PushedCommit published(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Publish.class);
    return ((Decision.Publish) decision).commit();
  }

  private static void assertIgnored(Decision decision, String reasonPart) {
    assertThat(decision).isInstanceOf(Decision.Ignore.class);
    assertThat(decision.status()).isEqualTo(202);
    assertThat(decision.reason()).contains(reasonPart);
  }

  private static void assertRejected(Decision decision, int status, String reasonPart) {
    assertThat(decision).isInstanceOf(Decision.Reject.class);
    assertThat(decision.status()).isEqualTo(status);
    assertThat(decision.reason()).contains(reasonPart);
  }

  @Test
  void shouldPublishAPushWithItsHeadCommit() {
    PushedCommit commit =
        published(EVERYTHING.decide(signed("push", "d-1", GitHubPayloads.push())));
    assertThat(commit.model()).isEqualTo("recsys");
    assertThat(commit.repositoryName()).isEqualTo("acme/recsys");
    assertThat(commit.cloneUrl()).isEqualTo("https://github.com/acme/recsys.git");
    assertThat(commit.branch()).isEqualTo("main");
    assertThat(commit.sha()).isEqualTo(SHA);
    assertThat(commit.author()).isEqualTo("Ada Lovelace");
    assertThat(commit.message()).isEqualTo("Raise the factor count");
    assertThat(commit.changedPaths()).containsExactly("models/recsys/mlpipe.yaml");
    assertThat(commit.specPath()).isEqualTo("mlpipe.yaml");
    assertThat(commit.pullRequest()).isNull();
  }

  @Test
  void shouldPublishAPushWithoutHeadCommitUsingAfterAndThePusher() {
    ObjectNode push = GitHubPayloads.push();
    push.putNull("head_commit");
    PushedCommit commit = published(EVERYTHING.decide(signed("push", "d-1", push)));
    assertThat(commit.sha()).isEqualTo(SHA);
    assertThat(commit.author()).isEqualTo("ada");
    assertThat(commit.message()).isEmpty();
    assertThat(commit.changedPaths()).containsExactly("models/recsys/mlpipe.yaml");
  }

  @Test
  void shouldCollectChangedPathsOfEveryCommitOnce() {
    ObjectNode push = GitHubPayloads.push();
    push.withArray("commits")
        .add(
            GitHubPayloads.commit(
                SHA,
                "second",
                List.of("data/new.csv"),
                List.of("models/recsys/mlpipe.yaml"),
                List.of("old.txt")));
    PushedCommit commit = published(EVERYTHING.decide(signed("push", "d-1", push)));
    assertThat(commit.changedPaths())
        .containsExactly("models/recsys/mlpipe.yaml", "data/new.csv", "old.txt");
  }

  @Test
  void shouldPublishABranchCreationWithTheHeadCommitsPaths() {
    PushedCommit commit =
        published(EVERYTHING.decide(signed("push", "d-1", GitHubPayloads.branchCreated("exp/lr"))));
    assertThat(commit.branch()).isEqualTo("exp/lr");
    assertThat(commit.changedPaths()).containsExactly("models/recsys/mlpipe.yaml");
  }

  @Test
  void shouldIgnoreABranchDeletion() {
    assertIgnored(
        EVERYTHING.decide(signed("push", "d-1", GitHubPayloads.branchDeleted("exp/lr"))),
        "branch exp/lr of acme/recsys deleted");
  }

  @Test
  void shouldIgnoreATagPush() {
    assertIgnored(
        EVERYTHING.decide(signed("push", "d-1", GitHubPayloads.tagPushed("v1.0"))),
        "tag v1.0 pushed");
  }

  @Test
  void shouldIgnoreATagDeletion() {
    ObjectNode push = GitHubPayloads.branchDeleted("x");
    push.put("ref", "refs/tags/v1.0");
    assertIgnored(EVERYTHING.decide(signed("push", "d-1", push)), "tag v1.0");
  }

  @Test
  void shouldAnswerPing() {
    Decision decision = EVERYTHING.decide(signed("ping", "d-1", GitHubPayloads.ping()));
    assertThat(decision).isInstanceOf(Decision.Pong.class);
    assertThat(decision.status()).isEqualTo(200);
    assertThat(decision.reason()).contains("123456789");
  }

  @Test
  void shouldIgnoreOtherEventsWithTheirName() {
    assertIgnored(
        EVERYTHING.decide(signed("issues", "d-1", GitHubPayloads.ping())), "event 'issues'");
  }

  @Test
  void shouldAcceptTheFormEncodedContentType() {
    byte[] body = GitHubPayloads.form(GitHubPayloads.push());
    Delivery delivery =
        new Delivery(
            "push",
            "d-1",
            Signatures.sign(SECRET, body),
            "application/x-www-form-urlencoded",
            body);
    assertThat(published(EVERYTHING.decide(delivery)).sha()).isEqualTo(SHA);
  }

  @Test
  void shouldAcceptJsonWithACharset() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    Delivery delivery =
        new Delivery(
            "push", "d-1", Signatures.sign(SECRET, body), "application/json; charset=utf-8", body);
    assertThat(published(EVERYTHING.decide(delivery)).sha()).isEqualTo(SHA);
  }

  // --- signature

  @Test
  void shouldRejectAnUnsignedDeliveryWith401() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    assertRejected(
        EVERYTHING.decide(new Delivery("push", "d-1", null, "application/json", body)),
        401,
        "no X-Hub-Signature-256");
  }

  @Test
  void shouldRejectAWronglySignedDeliveryWith401() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    String wrong = Signatures.sign("not the configured secret", body);
    assertRejected(
        EVERYTHING.decide(new Delivery("push", "d-1", wrong, "application/json", body)),
        401,
        "does not match");
  }

  @Test
  void shouldRejectABodyChangedAfterSigningWith401() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    String signature = Signatures.sign(SECRET, body);
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("main", "prod")
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(
        EVERYTHING.decide(new Delivery("push", "d-1", signature, "application/json", tampered)),
        401,
        "does not match");
  }

  @Test
  void shouldCheckTheSignatureBeforeReadingThePayload() {
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    assertRejected(
        EVERYTHING.decide(new Delivery("push", "d-1", "sha256=00", "application/json", garbage)),
        401,
        "X-Hub-Signature-256");
  }

  @Test
  void shouldAcceptTheOldSecretDuringRotation() {
    DeliveryTriage rotating =
        new DeliveryTriage(
            GitHubSettings.defaults(WebhookSecrets.parse("the-brand-new-secret-0001," + SECRET)));
    assertThat(published(rotating.decide(signed("push", "d-1", GitHubPayloads.push()))).sha())
        .isEqualTo(SHA);
  }

  // --- size

  @Test
  void shouldRejectABodyOverTheLimitWith413BeforeCheckingTheSignature() {
    DeliveryTriage small = new DeliveryTriage(SETTINGS.withMaxBodyBytes(100));
    byte[] body = new byte[101];
    assertRejected(
        small.decide(new Delivery("push", "d-1", null, "application/json", body)),
        413,
        "larger than 100 bytes");
  }

  @Test
  void shouldAcceptABodyExactlyAtTheLimit() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    DeliveryTriage exact = new DeliveryTriage(SETTINGS.withMaxBodyBytes(body.length));
    Delivery delivery =
        new Delivery("push", "d-1", Signatures.sign(SECRET, body), "application/json", body);
    assertThat(exact.decide(delivery)).isInstanceOf(Decision.Publish.class);
  }

  @Test
  void shouldDefaultToGitHubsCapOf25Megabytes() {
    assertThat(SETTINGS.maxBodyBytes()).isEqualTo(25 * 1024 * 1024);
  }

  // --- malformed

  @Test
  void shouldRejectMalformedJsonWith400() {
    byte[] body = "{\"ref\": ".getBytes(StandardCharsets.UTF_8);
    Delivery delivery =
        new Delivery("push", "d-1", Signatures.sign(SECRET, body), "application/json", body);
    assertRejected(EVERYTHING.decide(delivery), 400, "not valid JSON");
  }

  @Test
  void shouldRejectAJsonArrayWith400() {
    byte[] body = "[1]".getBytes(StandardCharsets.UTF_8);
    Delivery delivery =
        new Delivery("push", "d-1", Signatures.sign(SECRET, body), "application/json", body);
    assertRejected(EVERYTHING.decide(delivery), 400, "not a JSON object");
  }

  @Test
  void shouldNameEveryMissingFieldOfAPush() {
    ObjectNode push = GitHubPayloads.push();
    push.remove("ref");
    ((ObjectNode) push.get("repository")).remove("clone_url");
    assertRejected(
        EVERYTHING.decide(signed("push", "d-1", push)),
        400,
        "the push payload lacks ref, repository.clone_url");
  }

  @Test
  void shouldRejectAPushWhoseShaIsNotACommitSha() {
    ObjectNode push = GitHubPayloads.push();
    push.putNull("head_commit");
    push.put("after", "HEAD");
    assertRejected(
        EVERYTHING.decide(signed("push", "d-1", push)), 400, "'HEAD' is not a full commit sha");
  }

  @Test
  void shouldRejectAFormBodyWithoutPayloadField() {
    byte[] body = "data=%7B%7D".getBytes(StandardCharsets.US_ASCII);
    Delivery delivery =
        new Delivery(
            "push",
            "d-1",
            Signatures.sign(SECRET, body),
            "application/x-www-form-urlencoded",
            body);
    assertRejected(EVERYTHING.decide(delivery), 400, "no 'payload' field");
  }

  @Test
  void shouldRejectAnUnknownContentTypeWith415() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    Delivery delivery =
        new Delivery("push", "d-1", Signatures.sign(SECRET, body), "text/plain", body);
    assertRejected(EVERYTHING.decide(delivery), 415, "text/plain");
  }

  @Test
  void shouldRejectMissingEventOrDeliveryHeadersWith400() {
    byte[] body = GitHubPayloads.json(GitHubPayloads.push());
    String signature = Signatures.sign(SECRET, body);
    assertRejected(
        EVERYTHING.decide(new Delivery(null, "d-1", signature, "application/json", body)),
        400,
        "X-GitHub-Event");
    assertRejected(
        EVERYTHING.decide(new Delivery("push", " ", signature, "application/json", body)),
        400,
        "X-GitHub-Delivery");
  }

  // --- filters

  @Test
  void shouldIgnoreARepositoryNotWatched() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(new WatchFilter(List.of("acme/fraud"), List.of(), List.of())));
    assertIgnored(
        triage.decide(signed("push", "d-1", GitHubPayloads.push())),
        "repository acme/recsys is not watched");
  }

  @Test
  void shouldMatchWatchedRepositoriesCaseInsensitively() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(new WatchFilter(List.of("ACME/RecSys"), List.of(), List.of())));
    assertThat(triage.decide(signed("push", "d-1", GitHubPayloads.push())))
        .isInstanceOf(Decision.Publish.class);
  }

  @Test
  void shouldIgnoreABranchNotWatchedAndPublishOneMatchingAGlob() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(
                new WatchFilter(
                    List.of(), List.of(new Glob("main"), new Glob("release/*")), List.of())));
    assertIgnored(
        triage.decide(signed("push", "d-1", GitHubPayloads.branchCreated("exp/lr"))),
        "branch exp/lr is not watched");
    assertThat(triage.decide(signed("push", "d-2", GitHubPayloads.branchCreated("release/1.2"))))
        .isInstanceOf(Decision.Publish.class);
    assertIgnored(
        triage.decide(signed("push", "d-3", GitHubPayloads.branchCreated("release/1.2/hotfix"))),
        "not watched");
  }

  @Test
  void shouldPublishOnlyPushesTouchingAWatchedPath() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(
                new WatchFilter(List.of(), List.of(), List.of(new Glob("models/recsys/**")))));
    assertThat(triage.decide(signed("push", "d-1", GitHubPayloads.push())))
        .isInstanceOf(Decision.Publish.class);

    ObjectNode docsOnly = GitHubPayloads.push();
    docsOnly.set(
        "commits",
        docsOnly
            .arrayNode()
            .add(
                GitHubPayloads.commit(
                    SHA, "docs", List.of(), List.of("README.md", "docs/a.md"), List.of())));
    assertIgnored(
        triage.decide(signed("push", "d-2", docsOnly)),
        "none of the 2 changed path(s) matches the path filter [models/recsys/**]");
  }

  @Test
  void shouldPublishOneCommitPushedWithEveryPathOfAPushTouchingSeveralModelDirectories() {
    // One push, one CommitPushed, one delivery id to deduplicate: the trainer finds the touched
    // model directories in changedPaths and starts a run for each (trainer's concern, not ours).
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(
                new WatchFilter(List.of(), List.of(), List.of(new Glob("models/**")))));
    ObjectNode push = GitHubPayloads.push();
    push.withArray("commits")
        .add(
            GitHubPayloads.commit(
                SHA,
                "fraud and churn",
                List.of("models/fraud/mlpipe.yaml"),
                List.of("models/churn/mlpipe.yaml"),
                List.of()));
    PushedCommit commit = published(triage.decide(signed("push", "d-1", push)));
    assertThat(commit.sha()).isEqualTo(SHA);
    assertThat(commit.changedPaths())
        .containsExactly(
            "models/recsys/mlpipe.yaml", "models/fraud/mlpipe.yaml", "models/churn/mlpipe.yaml");
  }

  @Test
  void shouldIgnoreAPushListingNoPathsWhenAPathFilterIsSet() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS.withFilter(
                new WatchFilter(List.of(), List.of(), List.of(new Glob("models/**")))));
    ObjectNode push = GitHubPayloads.branchCreated("x");
    push.putNull("head_commit");
    assertIgnored(triage.decide(signed("push", "d-1", push)), "lists no changed paths");
  }

  @Test
  void shouldUseTheConfiguredModelNameOfARepository() {
    DeliveryTriage triage =
        new DeliveryTriage(SETTINGS.withModels(Map.of("Acme/RecSys", "movie-recs")));
    assertThat(published(triage.decide(signed("push", "d-1", GitHubPayloads.push()))).model())
        .isEqualTo("movie-recs");
  }

  // --- pull requests

  @Test
  void shouldIgnorePullRequestsUnlessEnabled() {
    assertIgnored(
        EVERYTHING.decide(signed("pull_request", "d-1", GitHubPayloads.pullRequest("opened"))),
        "pull-requests is off");
  }

  @Test
  void shouldPublishAnOpenedOrSynchronizedPullRequestMarkedWithItsNumber() {
    DeliveryTriage triage = new DeliveryTriage(SETTINGS.withPullRequests(true));
    for (String action : List.of("opened", "synchronize")) {
      PushedCommit commit =
          published(
              triage.decide(signed("pull_request", "d-1", GitHubPayloads.pullRequest(action))));
      assertThat(commit.pullRequest()).isEqualTo(42);
      assertThat(commit.branch()).isEqualTo("feature/more-factors");
      assertThat(commit.sha()).isEqualTo(SHA);
      assertThat(commit.author()).isEqualTo("grace");
      assertThat(commit.message()).isEqualTo("More factors");
    }
  }

  @Test
  void shouldIgnoreAClosedPullRequest() {
    DeliveryTriage triage = new DeliveryTriage(SETTINGS.withPullRequests(true));
    assertIgnored(
        triage.decide(signed("pull_request", "d-1", GitHubPayloads.pullRequest("closed"))),
        "action 'closed'");
  }

  @Test
  void shouldIgnoreAPullRequestIntoABranchNotWatched() {
    DeliveryTriage triage =
        new DeliveryTriage(
            SETTINGS
                .withPullRequests(true)
                .withFilter(new WatchFilter(List.of(), List.of(new Glob("release/*")), List.of())));
    assertIgnored(
        triage.decide(signed("pull_request", "d-1", GitHubPayloads.pullRequest("opened"))),
        "branch main is not watched");
  }

  @Test
  void shouldNameWhatAPullRequestPayloadLacks() {
    ObjectNode event = GitHubPayloads.pullRequest("opened");
    ((ObjectNode) event.get("pull_request").get("head")).remove("sha");
    event.remove("number");
    assertRejected(
        new DeliveryTriage(SETTINGS.withPullRequests(true))
            .decide(signed("pull_request", "d-1", event)),
        400,
        "lacks number, pull_request.head.sha");
  }
}
