package dev.mlpipe.drift.alert;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends each alert as a plain-text e-mail over SMTP (Jakarta Mail). The subject names the model,
 * version, kind, severity and the features that drifted most; the body has every drifted feature
 * and the ids to follow the run. The Message-ID is made from the eventId, so a mail client shows a
 * redelivered alert once. The password is never logged nor part of an exception's message.
 */
public final class EmailSink implements AlertSink {

  /** How the connection is protected. */
  public enum Security {
    /** Plain connection upgraded with STARTTLS; refused if the server does not offer it. */
    STARTTLS,
    /** TLS from the first byte (SMTPS). */
    SSL,
    /** Plain text; only for a relay on the same host or network. */
    NONE;

    static Security parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "alerts.email.security = '" + text + "' must be starttls, ssl or none", e);
      }
    }
  }

  /**
   * Where and how to connect.
   *
   * @param host SMTP server
   * @param port its port
   * @param security how the connection is protected
   * @param username login; empty for none
   * @param password the login's password; empty for none
   * @param passwordVariable the variable the password came from, named in errors instead of it
   * @param timeout connect, read and write timeout
   */
  public record Server(
      String host,
      int port,
      Security security,
      String username,
      String password,
      String passwordVariable,
      Duration timeout) {

    public Server {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(passwordVariable, "passwordVariable");
      Objects.requireNonNull(timeout, "timeout");
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("SMTP port " + port + " must be 1..65535");
      }
    }

    @Override
    public String toString() {
      return "Server[" + host + ":" + port + ", " + security + ", user=" + username + "]";
    }
  }

  private final Server server;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final Session session;

  public EmailSink(Server server, InternetAddress from, List<InternetAddress> to) {
    this.server = Objects.requireNonNull(server, "server");
    this.from = Objects.requireNonNull(from, "from");
    this.to = List.copyOf(to);
    if (this.to.isEmpty()) {
      throw new IllegalArgumentException("an e-mail sink needs at least one recipient");
    }
    this.session = Session.getInstance(properties(server));
  }

  private static Properties properties(Server server) {
    String protocol = server.security() == Security.SSL ? "smtps" : "smtp";
    String prefix = "mail." + protocol + ".";
    String millis = String.valueOf(server.timeout().toMillis());
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(prefix + "host", server.host());
    props.put(prefix + "port", String.valueOf(server.port()));
    props.put(prefix + "connectiontimeout", millis);
    props.put(prefix + "timeout", millis);
    props.put(prefix + "writetimeout", millis);
    props.put(prefix + "auth", String.valueOf(!server.username().isEmpty()));
    if (server.security() == Security.STARTTLS) {
      props.put(prefix + "starttls.enable", "true");
      props.put(prefix + "starttls.required", "true");
    }
    if (server.security() != Security.NONE) {
      props.put(prefix + "ssl.checkserveridentity", "true");
    }
    return props;
  }

  @Override
  public String name() {
    return "email(" + server.host() + ":" + server.port() + ")";
  }

  @Override
  public void deliver(Alert alert) throws AlertDeliveryException {
    try {
      MimeMessage message = message(alert);
      if (server.username().isEmpty()) {
        Transport.send(message);
      } else {
        Transport.send(message, server.username(), server.password());
      }
    } catch (AuthenticationFailedException e) {
      throw new AlertDeliveryException(
          name()
              + " refused the login of "
              + server.username()
              + ": check the password in "
              + server.passwordVariable(),
          false,
          null);
    } catch (SendFailedException e) {
      // Some or all recipients refused: sending again would repeat it to those who got it.
      throw new AlertDeliveryException(
          name() + " refused recipients for event " + alert.eventId() + ": " + e.getMessage(),
          false,
          e);
    } catch (MessagingException e) {
      throw new AlertDeliveryException(
          name()
              + " could not send the alert for event "
              + alert.eventId()
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          true,
          e);
    }
  }

  MimeMessage message(Alert alert) throws MessagingException {
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + alert.eventId() + "@mlpipe.alerts>");
          }
        };
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
    message.setSubject(subject(alert), StandardCharsets.UTF_8.name());
    message.setText(body(alert), StandardCharsets.UTF_8.name());
    message.setHeader("X-Mlpipe-Event-Id", alert.eventId());
    message.setHeader("X-Mlpipe-Run-Id", alert.runId());
    message.setHeader("X-Mlpipe-Model", alert.model());
    return message;
  }

  /**
   * {@code [mlpipe] DRIFT data drift of recsys v3: user, hour} for drift; {@code [mlpipe]
   * TrainingFailed for recsys: reason} for the failure events.
   */
  static String subject(Alert alert) {
    if (!alert.eventType().equals("DriftDetected")) {
      return "[mlpipe] " + alert.title();
    }
    Map<String, String> f = alert.fields();
    String top = f.getOrDefault("topFeatures", "");
    return "[mlpipe] "
        + f.get("severity")
        + " "
        + f.get("kind").toLowerCase(Locale.ROOT)
        + " drift of "
        + alert.model()
        + " "
        + f.get("version")
        + (top.isEmpty() ? "" : ": " + top);
  }

  static String body(Alert alert) {
    StringBuilder text = new StringBuilder(alert.title()).append("\n\n");
    if (!alert.details().isEmpty()) {
      text.append("Drifted features:\n");
      alert.details().forEach(line -> text.append("  - ").append(line).append('\n'));
      text.append('\n');
    }
    text.append("model: ").append(alert.model()).append('\n');
    alert.fields().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    text.append("eventId: ").append(alert.eventId()).append('\n');
    text.append("runId: ").append(alert.runId()).append('\n');
    text.append("\nFollow the run: mlpipe trace ").append(alert.runId()).append('\n');
    return text.toString();
  }
}
