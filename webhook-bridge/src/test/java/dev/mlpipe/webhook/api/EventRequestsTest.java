package dev.mlpipe.webhook.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.json.JsonProblem;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.EventMeta;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EventRequestsTest {

  private static final String TOKEN = "ci-token-0123456789abcdef";
  private static final EventRequests REQUESTS =
      new EventRequests(ApiTokens.parse(TOKEN + ":commit"));
  private static final Supplier<EventMeta> NEW_RUN =
      () ->
          new EventMetas(
                  "webhook-bridge@test",
                  Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC))
              .newRun("run-1");
  private static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
  private static final String COMMIT =
      "{\"model\": \"recsys\", \"repo\": \"https://git.example.com/recsys.git\", \"sha\": \""
          + SHA
          + "\"}";

  private static ApiDecision decide(String type, String auth, String contentType, String body) {
    return REQUESTS.decide(type, auth, contentType, body.getBytes(StandardCharsets.UTF_8), NEW_RUN);
  }

  private static ApiDecision.Reject rejected(ApiDecision decision, int status) {
    assertThat(decision).isInstanceOf(ApiDecision.Reject.class);
    ApiDecision.Reject reject = (ApiDecision.Reject) decision;
    assertThat(reject.status()).as(reject.message()).isEqualTo(status);
    return reject;
  }

  @Test
  void shouldPublishACommitKeyedByModelStartingANewRunWhenMetaIsAbsent() {
    ApiDecision decision = decide("commit", "Bearer " + TOKEN, "application/json", COMMIT);
    assertThat(decision).isInstanceOf(ApiDecision.Publish.class);
    ApiDecision.Publish publish = (ApiDecision.Publish) decision;
    assertThat(publish.topic()).isEqualTo(Topics.COMMIT);
    assertThat(publish.key()).isEqualTo("recsys");
    CommitPushed commit = (CommitPushed) publish.event();
    assertThat(commit.getSha()).isEqualTo(SHA);
    assertThat(commit.getBranch()).isEqualTo("main");
    assertThat(commit.getMeta().getRunId()).isEqualTo("run-1");
  }

  @Test
  void shouldKeepAMetaTheCallerGives() {
    String withMeta =
        "{\"meta\": {\"eventId\": \"e-9\", \"runId\": \"r-9\", \"occurredAt\":"
            + " \"2026-11-23T11:00:00Z\", \"producer\": \"ci@build-7\"}, "
            + COMMIT.substring(1);
    ApiDecision.Publish publish =
        (ApiDecision.Publish) decide("commit", "Bearer " + TOKEN, null, withMeta);
    assertThat(((CommitPushed) publish.event()).getMeta().getRunId()).isEqualTo("r-9");
  }

  @Test
  void shouldNameEveryBadFieldWith400() {
    ApiDecision.Reject reject =
        rejected(decide("commit", "Bearer " + TOKEN, "application/json", "{\"model\": 3}"), 400);
    assertThat(reject.problems()).extracting(JsonProblem::path).contains("model", "repo", "sha");
    assertThat(reject.message()).contains("commit");
  }

  @Test
  void shouldRejectInvalidJsonWith400() {
    ApiDecision.Reject reject =
        rejected(decide("commit", "Bearer " + TOKEN, "application/json", "{\"model\""), 400);
    assertThat(reject.problems())
        .singleElement()
        .extracting(JsonProblem::message)
        .asString()
        .contains("not valid JSON");
  }

  @Test
  void shouldAnswer401WithoutAToken() {
    assertThat(rejected(decide("commit", null, null, COMMIT), 401).message())
        .contains("Authorization: Bearer");
  }

  @Test
  void shouldSayWhereTokensComeFromWhenNoneIsConfigured() {
    ApiDecision decision =
        new EventRequests(ApiTokens.none())
            .decide("commit", null, null, COMMIT.getBytes(StandardCharsets.UTF_8), NEW_RUN);
    assertThat(rejected(decision, 401).message()).contains("MLPIPE_WEBHOOK_API_TOKENS");
  }

  @Test
  void shouldAnswer401ForAnUnknownTokenAnd403ForATypeOutsideItsScope() {
    rejected(decide("commit", "Bearer not-a-known-token-000000", null, COMMIT), 401);
    assertThat(rejected(decide("feedback", "Bearer " + TOKEN, null, "{}"), 403).message())
        .contains("feedback");
  }

  @Test
  void shouldAnswer404ListingTheTypesForAnUnknownType() {
    assertThat(rejected(decide("comit", "Bearer " + TOKEN, null, COMMIT), 404).message())
        .contains("'comit'")
        .contains("commit")
        .contains("training-finished");
  }

  @Test
  void shouldAnswer415ForAnotherContentType() {
    rejected(decide("commit", "Bearer " + TOKEN, "text/plain", COMMIT), 415);
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimit() {
    ApiDecision decision =
        REQUESTS.decide(
            "commit", "Bearer " + TOKEN, null, new byte[EventRequests.MAX_BODY_BYTES + 1], NEW_RUN);
    rejected(decision, 413);
  }
}
