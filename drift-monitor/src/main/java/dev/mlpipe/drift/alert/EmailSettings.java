package dev.mlpipe.drift.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code alerts.email} section: the e-mail sink. An empty {@code smtp-host} turns it off.
 *
 * @param smtpHost the SMTP server
 * @param smtpPort its port: 587 for STARTTLS (submission), 465 for SSL, 25 for none
 * @param security {@code starttls} (required, not opportunistic), {@code ssl} or {@code none}
 * @param username the SMTP login; empty: no authentication
 * @param passwordEnv the name of the environment variable that holds the password
 * @param from the sender address
 * @param to the recipients, at least one
 */
public record EmailSettings(
    @JsonProperty("smtp-host") String smtpHost,
    @JsonProperty("smtp-port") int smtpPort,
    @JsonProperty("security") String security,
    @JsonProperty("username") String username,
    @JsonProperty("password-env") String passwordEnv,
    @JsonProperty("from") String from,
    @JsonProperty("to") List<String> to) {

  /** Off. */
  public static final EmailSettings NONE =
      new EmailSettings("", 587, "starttls", "", "MLPIPE_SMTP_PASSWORD", "", List.of());

  public EmailSettings {
    smtpHost = smtpHost == null ? "" : smtpHost.trim();
    security = security == null ? "starttls" : security.trim().toLowerCase(Locale.ROOT);
    username = username == null ? "" : username.trim();
    passwordEnv = passwordEnv == null ? "" : passwordEnv.trim();
    from = from == null ? "" : from.trim();
    to = to == null ? List.of() : to.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (!smtpHost.isEmpty()) {
      if (smtpPort < 1 || smtpPort > 65_535) {
        throw new IllegalArgumentException(
            "alerts.email.smtp-port = " + smtpPort + " must be 1..65535 (587 for STARTTLS)");
      }
      EmailSink.Security.parse(security);
      if (!username.isEmpty() && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "alerts.email.password-env = '"
                + passwordEnv
                + "' must name an environment variable, e.g. MLPIPE_SMTP_PASSWORD");
      }
      address("alerts.email.from", from);
      if (to.isEmpty()) {
        throw new IllegalArgumentException(
            "alerts.email.to is empty but alerts.email.smtp-host is set; list the recipients");
      }
      to.forEach(a -> address("alerts.email.to", a));
    }
  }

  static InternetAddress address(String key, String address) {
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      parsed.validate();
      return parsed;
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          key + " = '" + address + "' is not an e-mail address (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The sink, when an SMTP host is configured.
   *
   * @param environment reads environment variables
   * @throws IllegalArgumentException naming the variable when a login has no password
   */
  Optional<AlertSink> sink(UnaryOperator<String> environment) {
    if (smtpHost.isEmpty()) {
      return Optional.empty();
    }
    String password = "";
    if (!username.isEmpty()) {
      password = environment.apply(passwordEnv);
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException(
            "alerts.email.username is set but the password variable "
                + passwordEnv
                + " (alerts.email.password-env) is unset or empty; export it");
      }
    }
    return Optional.of(
        new EmailSink(
            new EmailSink.Server(
                smtpHost,
                smtpPort,
                EmailSink.Security.parse(security),
                username,
                password,
                passwordEnv,
                Duration.ofSeconds(10)),
            address("alerts.email.from", from),
            to.stream().map(a -> address("alerts.email.to", a)).toList()));
  }
}
