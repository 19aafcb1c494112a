package dev.mlpipe.console.sink;

/**
 * The metrics database cannot be used: unreachable, refused the login, or its schema could not be
 * migrated. The message is one line that names the URL without its password.
 */
public final class MetricsDatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MetricsDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
