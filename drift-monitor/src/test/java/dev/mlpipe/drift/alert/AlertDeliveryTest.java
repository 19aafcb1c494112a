package dev.mlpipe.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.drift.alert.AlertDelivery.RetryPolicy;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.DriftKind;
import dev.mlpipe.schemas.DriftSeverity;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.FeatureDrift;
import dev.mlpipe.schemas.TrainingFailed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RetryPolicy RETRY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3));

  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private AlertDelivery delivery(AlertSink... sinks) {
    return new AlertDelivery(List.of(sinks), RETRY, waits::add, 100, 1_000);
  }

  private static Alert driftAlert() {
    DriftDetected drift =
        DriftDetected.newBuilder(SampleEvents.driftDetected())
            .setKind(DriftKind.DATA)
            .setSeverity(DriftSeverity.DRIFT)
            .setFeatures(
                List.of(
                    FeatureDrift.newBuilder()
                        .setFeature("user")
                        .setStatistic("KS")
                        .setValue(0.31)
                        .setPValue(1e-12)
                        .setThreshold(0.025)
                        .setDrifted(true)
                        .build(),
                    FeatureDrift.newBuilder()
                        .setFeature("item")
                        .setStatistic("PSI")
                        .setValue(0.01)
                        .setThreshold(0.2)
                        .setDrifted(false)
                        .build()))
            .build();
    return Alert.of(drift);
  }

  @Test
  void shouldPostASlackCompatibleTextWithTheDriftedFeatures() throws Exception {
    try (RecordingServer server = new RecordingServer();
        AlertDelivery delivery =
            delivery(
                new WebhookSink(server.url(), WebhookSink.Format.SLACK, Duration.ofSeconds(5)))) {
      delivery.submit(driftAlert());

      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1);
      JsonNode body = JSON.readTree(server.requests.peek().body());
      assertThat(body.get("text").asText())
          .startsWith("DRIFT: data drift of " + SampleEvents.MODEL)
          .contains("user KS=0.3100 p=1.000e-12 (threshold 0.02500)")
          .doesNotContain("item");
    }
  }

  @Test
  void shouldPostTheWholeAlertAsJsonWithTheEventIdAsIdempotencyKey() throws Exception {
    Alert alert = driftAlert();
    try (RecordingServer server = new RecordingServer();
        AlertDelivery delivery =
            delivery(
                new WebhookSink(server.url(), WebhookSink.Format.JSON, Duration.ofSeconds(5)))) {
      delivery.submit(alert);

      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1);
      RecordingServer.Request request = server.requests.peek();
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.get("eventId").asText()).isEqualTo(alert.eventId());
      assertThat(body.get("eventType").asText()).isEqualTo("DriftDetected");
      assertThat(body.get("fields").get("kind").asText()).isEqualTo("DATA");
      assertThat(request.headers().get("Idempotency-key")).containsExactly(alert.eventId());
    }
  }

  @Test
  void shouldRetryWithDoublingBackoffUntilTheSinkTakesTheAlert() {
    try (RecordingServer server = new RecordingServer(503, 503, 429);
        AlertDelivery delivery =
            delivery(
                new WebhookSink(server.url(), WebhookSink.Format.JSON, Duration.ofSeconds(5)))) {
      delivery.submit(driftAlert());

      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1);
      assertThat(server.attempts.get()).isEqualTo(4);
      assertThat(waits)
          .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }
  }

  @Test
  void shouldDeliverAnEventOnlyOnceWhenItIsSubmittedAgain() {
    Alert alert = driftAlert();
    try (RecordingServer server = new RecordingServer();
        AlertDelivery delivery =
            delivery(
                new WebhookSink(server.url(), WebhookSink.Format.JSON, Duration.ofSeconds(5)))) {
      delivery.submit(alert);
      delivery.submit(alert);
      Alert other =
          Alert.of(
              TrainingFailed.newBuilder(SampleEvents.trainingFailed())
                  .setMeta(EventMeta.newBuilder(SampleEvents.meta()).setEventId("other").build())
                  .build());
      delivery.submit(other);

      await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 2);
      delivery.close(Duration.ofSeconds(5));
      assertThat(server.attempts.get()).isEqualTo(2);
    }
  }

  @Test
  void shouldNotRetryARequestTheSinkRefuses() {
    try (RecordingServer server = new RecordingServer(400);
        AlertDelivery delivery =
            delivery(
                new WebhookSink(server.url(), WebhookSink.Format.JSON, Duration.ofSeconds(5)))) {
      delivery.submit(driftAlert());
      delivery.close(Duration.ofSeconds(5));

      assertThat(server.attempts.get()).isEqualTo(1);
      assertThat(server.requests).isEmpty();
    }
  }

  @Test
  void shouldReturnAtOnceAndGiveUpAfterTheLastAttemptWhenTheSinkIsDown() {
    RecordingServer server = new RecordingServer();
    server.close();
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlertSink down = new WebhookSink(server.url(), WebhookSink.Format.SLACK, Duration.ofSeconds(1));
    AlertSink up =
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
    try (AlertDelivery delivery = delivery(down, up)) {
      long start = System.nanoTime();
      delivery.submit(driftAlert());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

      await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> waits.size() == RETRY.maxAttempts() - 1);
    }
  }

  @Test
  void shouldDeliverToTheOtherSinksWhileOneSinkHangs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlertSink hanging =
        new AlertSink() {
          @Override
          public String name() {
            return "hanging";
          }

          @Override
          public void deliver(Alert alert) throws AlertDeliveryException {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AlertDeliveryException("interrupted", false, e);
            }
          }
        };
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
    try (AlertDelivery delivery = delivery(hanging, recording)) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e2", DriftKind.DATA));

      await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
      release.countDown();
    }
  }

  @Test
  void shouldNotSendAnEventASinkGotBeforeARestartAgainWhenItIsReadAgain(@TempDir Path dir)
      throws Exception {
    List<String> sent = new CopyOnWriteArrayList<>();
    AlertSink recording =
        new AlertSink() {
          @Override
          public String name() {
            return "recording";
          }

          @Override
          public void deliver(Alert alert) {
            sent.add(alert.eventId());
          }
        };
    Path file = dir.resolve("delivered-events.tsv");
    try (AlertDelivery first =
        new AlertDelivery(
            List.of(recording), RETRY, waits::add, 100, DeliveredEvents.file(file, 100))) {
      first.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
    }

    // The process restarts; its alert consumer re-reads e1 (offsets not yet committed) and e2.
    try (AlertDelivery second =
        new AlertDelivery(
            List.of(recording), RETRY, waits::add, 100, DeliveredEvents.file(file, 100))) {
      second.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      second.submit(TestAlerts.driftAlert("e2", DriftKind.DATA));
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= 2);
    }

    assertThat(sent).containsExactly("e1", "e2");
  }

  @Test
  void shouldNameAFailureEventsReasonInTheTitle() {
    Alert alert = Alert.of(SampleEvents.trainingFailed());

    assertThat(alert.eventType()).isEqualTo("TrainingFailed");
    assertThat(alert.title())
        .startsWith("TrainingFailed for " + SampleEvents.MODEL + ": ")
        .contains(SampleEvents.trainingFailed().getReason());
    assertThat(alert.fields()).containsKey("reason").doesNotContainKey("meta");
  }
}
