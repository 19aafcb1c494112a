package dev.mlpipe.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.drift.alert.AlertDelivery.RetryPolicy;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.DriftKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubIssueSinkTest {

  private static final String REPOSITORY = "acme/recsys";
  private static final String TOKEN = "ghp_s3cr3tT0kenValue";
  private static final String TOKEN_ENV = "MLPIPE_TEST_GITHUB_TOKEN";
  private static final RetryPolicy RETRY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8));

  private final FakeGitHub github = new FakeGitHub(REPOSITORY, TOKEN);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    github.close();
  }

  private GitHubIssueSink sink(String token) {
    return new GitHubIssueSink(
        github.apiUrl(), REPOSITORY, token, TOKEN_ENV, Duration.ofSeconds(5));
  }

  private AlertDelivery delivery(AlertSink sink) {
    return new AlertDelivery(List.of(sink), RETRY, waits::add, 100, 1_000);
  }

  @Test
  void shouldOpenAnIssueForTheFirstDriftAlertAndCommentOnItForTheNext() {
    try (AlertDelivery delivery = delivery(sink(TOKEN))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e2", DriftKind.DATA));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(github.issues).hasSize(1);
    FakeGitHub.Issue issue = github.issues.get(1L);
    assertThat(issue.title()).isEqualTo("mlpipe: data drift of " + SampleEvents.MODEL);
    assertThat(issue.labels()).containsExactly(GitHubIssueSink.LABEL);
    assertThat(issue.body())
        .contains("<!-- mlpipe-alert: " + SampleEvents.MODEL + "/data -->")
        .contains("DRIFT: data drift of " + SampleEvents.MODEL + " v3")
        .contains("- hour PSI=1.200")
        .contains("eventId: `e1`");
    assertThat(issue.comments()).hasSize(1);
    assertThat(issue.comments().get(0)).contains("eventId: `e2`").doesNotContain("mlpipe-alert:");
    List<FakeGitHub.Request> writes = github.writes();
    assertThat(writes)
        .extracting(FakeGitHub.Request::path)
        .containsExactly("/repos/acme/recsys/issues", "/repos/acme/recsys/issues/1/comments");
    FakeGitHub.Request list = github.requests.peek();
    assertThat(list.method()).isEqualTo("GET");
    assertThat(list.query()).contains("state=open").contains("labels=mlpipe-alert");
    assertThat(list.headers().get("Accept")).containsExactly("application/vnd.github+json");
    assertThat(list.headers().get("X-github-api-version")).containsExactly("2022-11-28");
  }

  @Test
  void shouldKeepOneIssuePerModelAndKindIncludingTheFailureEvents() {
    try (AlertDelivery delivery = delivery(sink(TOKEN))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e2", DriftKind.PERFORMANCE));
      delivery.submit(TestAlerts.trainingFailed("e3"));
      delivery.submit(TestAlerts.trainingFailed("e4"));
      delivery.submit(Alert.of(SampleEvents.rolledBack()));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(github.issues.values())
        .extracting(FakeGitHub.Issue::title)
        .containsExactlyInAnyOrder(
            "mlpipe: data drift of " + SampleEvents.MODEL,
            "mlpipe: performance drift of " + SampleEvents.MODEL,
            "mlpipe: TrainingFailed for " + SampleEvents.MODEL,
            "mlpipe: RolledBack for " + SampleEvents.MODEL);
    FakeGitHub.Issue failed =
        github.issues.values().stream()
            .filter(i -> i.title().contains("TrainingFailed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.body()).contains(SampleEvents.trainingFailed().getReason());
    assertThat(failed.comments()).singleElement().asString().contains("eventId: `e4`");
  }

  @Test
  void shouldOpenANewIssueOnceTheOpenOneWasClosed() throws Exception {
    GitHubIssueSink sink = sink(TOKEN);
    sink.deliver(TestAlerts.driftAlert("e1", DriftKind.DATA));
    github.close(1L);

    sink.deliver(TestAlerts.driftAlert("e2", DriftKind.DATA));

    assertThat(github.issues).hasSize(2);
    assertThat(github.issues.get(1L).comments()).isEmpty();
    assertThat(github.issues.get(2L).body()).contains("eventId: `e2`");
  }

  @Test
  void shouldRetryAServerErrorWithBackoffAndOpenTheIssueOnce() {
    github.failNext(502, 503);
    try (AlertDelivery delivery = delivery(sink(TOKEN))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(github.issues).hasSize(1);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void shouldReportARefusedTokenByItsVariableWithoutTheTokenAndNotRetry() {
    GitHubIssueSink sink = sink("ghp_revokedTokenValue");

    assertThatThrownBy(() -> sink.deliver(TestAlerts.driftAlert("e1", DriftKind.DATA)))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining(TOKEN_ENV)
        .hasMessageNotContaining("ghp_revokedTokenValue");
    assertThat(sink.name()).doesNotContain("ghp_");

    try (AlertDelivery delivery = delivery(sink)) {
      delivery.submit(TestAlerts.driftAlert("e2", DriftKind.DATA));
      delivery.close(Duration.ofSeconds(10));
    }
    assertThat(waits).isEmpty();
    assertThat(github.issues).isEmpty();
  }

  @Test
  void shouldDeliverAnEventOnlyOnceWhenItIsSubmittedAgain() {
    try (AlertDelivery delivery = delivery(sink(TOKEN))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(github.writes()).hasSize(1);
    assertThat(github.issues.get(1L).comments()).isEmpty();
  }

  @Test
  void shouldNotSlowTheCallerWhileGitHubIsDown() {
    github.close();
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlertSink recording =
        new AlertSink() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public void deliver(Alert alert) {
            delivered.add(alert.eventId());
          }
        };
    try (AlertDelivery delivery =
        new AlertDelivery(List.of(sink(TOKEN), recording), RETRY, waits::add, 100, 1_000)) {
      long start = System.nanoTime();
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));

      await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 1);
      // The GitHub sink retries on its own thread, which may still be at it.
      await().atMost(Duration.ofSeconds(20)).until(() -> waits.size() == RETRY.maxAttempts() - 1);
    }
  }

  @Test
  void shouldMakeTheSinkFromTheSettingsWithTheTokenFromTheNamedVariable() {
    GitHubSettings settings = new GitHubSettings(github.apiUrl().toString(), REPOSITORY, TOKEN_ENV);
    AlertSettings alerts = new AlertSettings("", "", settings, EmailSettings.NONE);

    List<AlertSink> sinks = alerts.sinks(Map.of(TOKEN_ENV, TOKEN)::get);

    assertThat(sinks).singleElement().isInstanceOf(GitHubIssueSink.class);
    assertThat(sinks.get(0).name()).isEqualTo("github(127.0.0.1/acme/recsys)");
    assertThat(alerts.toString()).contains("github=acme/recsys").doesNotContain(TOKEN);
  }

  @Test
  void shouldRefuseToStartWhenTheTokenVariableIsUnset() {
    AlertSettings alerts =
        new AlertSettings(
            "", "", new GitHubSettings("", REPOSITORY, TOKEN_ENV), EmailSettings.NONE);

    assertThatThrownBy(() -> alerts.sinks(Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TOKEN_ENV)
        .hasMessageContaining("alerts.github.token-env");
  }

  @Test
  void shouldRefuseARepositoryThatIsNotOwnerSlashName() {
    assertThatThrownBy(() -> new GitHubSettings("", "recsys", TOKEN_ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alerts.github.repository = 'recsys'");
  }
}
