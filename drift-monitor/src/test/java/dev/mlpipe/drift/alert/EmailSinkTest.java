package dev.mlpipe.drift.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mlpipe.drift.alert.AlertDelivery.RetryPolicy;
import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.DriftKind;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmailSinkTest {

  private static final String PASSWORD = "smtp-s3cr3t-password";
  private static final String PASSWORD_ENV = "MLPIPE_TEST_SMTP_PASSWORD";
  private static final RetryPolicy RETRY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8));

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private GreenMail smtp;

  @BeforeEach
  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.setUser("mlpipe@acme.example", "mlpipe", PASSWORD);
    smtp.start();
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  private EmailSettings settings(String username) {
    return new EmailSettings(
        "127.0.0.1",
        smtp.getSmtp().getPort(),
        "none",
        username,
        PASSWORD_ENV,
        "mlpipe@acme.example",
        List.of("ml-team@acme.example", "oncall@acme.example"));
  }

  private AlertSink sink(String password) {
    return settings("mlpipe").sink(Map.of(PASSWORD_ENV, password)::get).orElseThrow();
  }

  private AlertDelivery delivery(AlertSink sink) {
    return new AlertDelivery(List.of(sink), RETRY, waits::add, 100, 1_000);
  }

  @Test
  void shouldNameModelVersionKindSeverityAndTopFeaturesInTheSubjectAndBody() throws Exception {
    try (AlertDelivery delivery = delivery(sink(PASSWORD))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage message = smtp.getReceivedMessages()[0];
    // hour PSI 1.2/0.2 = 6, genre 1.5, device 1.25, user KS D 0.31 / 0.025 = 12.4 (no p-value).
    assertThat(message.getSubject())
        .isEqualTo("[mlpipe] DRIFT data drift of " + SampleEvents.MODEL + " v3: user, hour, genre");
    assertThat(message.getFrom()[0].toString()).isEqualTo("mlpipe@acme.example");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("ml-team@acme.example", "oncall@acme.example");
    assertThat(message.getMessageID()).isEqualTo("<e1@mlpipe.alerts>");
    assertThat(message.getHeader("X-Mlpipe-Event-Id")).containsExactly("e1");
    String body = (String) message.getContent();
    assertThat(body)
        .contains("DRIFT: data drift of " + SampleEvents.MODEL + " v3")
        .contains("  - hour PSI=1.200 (threshold 0.2000)")
        .contains("  - device PSI=0.2500")
        .doesNotContain("item")
        .contains("version: v3")
        .contains("severity: DRIFT")
        .contains("kind: DATA")
        .contains("topFeatures: user, hour, genre")
        .contains("eventId: e1")
        .contains("mlpipe trace " + SampleEvents.RUN_ID);
  }

  @Test
  void shouldSendTheFailureEventsWithTheirReason() throws Exception {
    try (AlertDelivery delivery = delivery(sink(PASSWORD))) {
      delivery.submit(TestAlerts.trainingFailed("e1"));
      delivery.submit(Alert.of(SampleEvents.deploymentFailed()));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(smtp.waitForIncomingEmail(5_000, 4)).isTrue();
    assertThat(smtp.getReceivedMessages())
        .extracting(MimeMessage::getSubject)
        .contains(
            "[mlpipe] TrainingFailed for "
                + SampleEvents.MODEL
                + ": "
                + SampleEvents.trainingFailed().getReason())
        .anySatisfy(s -> assertThat(s).startsWith("[mlpipe] DeploymentFailed for "));
  }

  @Test
  void shouldSendAnEventOnlyOnceWhenItIsSubmittedAgain() throws Exception {
    try (AlertDelivery delivery = delivery(sink(PASSWORD))) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      delivery.submit(TestAlerts.driftAlert("e2", DriftKind.QUALITY));
      delivery.close(Duration.ofSeconds(10));
    }

    assertThat(smtp.waitForIncomingEmail(5_000, 4)).isTrue();
    // Two recipients each: one message per event and recipient.
    assertThat(smtp.getReceivedMessages())
        .extracting(MimeMessage::getMessageID)
        .containsExactlyInAnyOrder(
            "<e1@mlpipe.alerts>", "<e1@mlpipe.alerts>", "<e2@mlpipe.alerts>", "<e2@mlpipe.alerts>");
  }

  @Test
  @Timeout(120)
  void shouldRetryWithBackoffWhileTheServerIsDownWithoutSlowingTheCaller() throws Exception {
    AlertSink sink = sink(PASSWORD);
    smtp.stop();
    // The delivery thread's back-off waits until this test lets it go, so a submit that waited for
    // the sink would never return (and @Timeout fails the test): reaching the next line while the
    // first retry is held back is what shows the caller does not wait.
    CountDownLatch backingOff = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    AlertDelivery.Sleeper heldBack =
        wait -> {
          waits.add(wait);
          backingOff.countDown();
          letGo.await();
        };
    try (AlertDelivery delivery = new AlertDelivery(List.of(sink), RETRY, heldBack, 100, 1_000)) {
      delivery.submit(TestAlerts.driftAlert("e1", DriftKind.DATA));
      assertThat(backingOff.await(30, TimeUnit.SECONDS)).isTrue();
      letGo.countDown();
      delivery.close(Duration.ofSeconds(30));
    }

    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void shouldReportARefusedLoginByItsVariableWithoutThePassword() {
    AlertSink sink = sink("wrong-password-value");

    assertThatThrownBy(() -> sink.deliver(TestAlerts.driftAlert("e1", DriftKind.DATA)))
        .isInstanceOfSatisfying(
            AlertDeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(PASSWORD_ENV)
        .hasMessageNotContaining("wrong-password-value");
  }

  @Test
  void shouldRefuseToStartWithALoginButNoPassword() {
    assertThatThrownBy(() -> settings("mlpipe").sink(Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PASSWORD_ENV);
  }

  @Test
  void shouldRefuseSettingsWithoutRecipientsOrWithABadAddress() {
    assertThatThrownBy(
            () ->
                new EmailSettings(
                    "smtp.acme.example",
                    587,
                    "starttls",
                    "",
                    "X",
                    "mlpipe@acme.example",
                    List.of()))
        .hasMessageContaining("alerts.email.to is empty");
    assertThatThrownBy(
            () ->
                new EmailSettings(
                    "smtp.acme.example",
                    587,
                    "starttls",
                    "",
                    "X",
                    "mlpipe@acme.example",
                    List.of("not an address")))
        .hasMessageContaining("alerts.email.to = 'not an address'");
    assertThatThrownBy(
            () ->
                new EmailSettings(
                    "smtp.acme.example",
                    587,
                    "tls1.3",
                    "",
                    "X",
                    "a@acme.example",
                    List.of("b@c.d")))
        .hasMessageContaining("must be starttls, ssl or none");
  }

  @Test
  void shouldDescribeTheServerWithoutThePassword() {
    EmailSink.Server server =
        new EmailSink.Server(
            "smtp.acme.example",
            587,
            EmailSink.Security.STARTTLS,
            "mlpipe",
            PASSWORD,
            PASSWORD_ENV,
            Duration.ofSeconds(5));

    assertThat(server.toString()).doesNotContain(PASSWORD);
    assertThat(settings("mlpipe").toString()).doesNotContain(PASSWORD);
  }
}
