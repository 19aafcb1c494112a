package dev.mlpipe.console.sink;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL, e.g. {@code jdbc:postgresql://db:5432/mlpipe?user=mlpipe&password=...}.
 * {@link #toString()} hides the password, so the URL can be named in errors and logs.
 *
 * @param value the URL as given
 */
public record JdbcUrl(String value) {

  private static final String PREFIX = "jdbc:postgresql:";
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  public JdbcUrl {
    Objects.requireNonNull(value, "value");
    if (!value.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "--metrics-db "
              + redact(value)
              + " is not a PostgreSQL JDBC URL; give one like"
              + " jdbc:postgresql://localhost:5432/mlpipe?user=mlpipe&password=secret");
    }
  }

  /** The URL with its password replaced by {@code ***}. */
  public String redacted() {
    return redact(value);
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static String redact(String url) {
    String withoutParameter = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(withoutParameter).replaceAll("$1***@");
  }
}
