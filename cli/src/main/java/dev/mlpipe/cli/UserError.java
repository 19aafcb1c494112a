package dev.mlpipe.cli;

/**
 * A problem the user can fix (bad input, an unreachable address, nothing to show): printed as one
 * line {@code mlpipe: <message>} without a stack trace, exit code {@link #exitCode()}.
 */
public class UserError extends RuntimeException {

  private final int exitCode;

  public UserError(String message) {
    this(message, 1, null);
  }

  public UserError(String message, Throwable cause) {
    this(message, 1, cause);
  }

  public UserError(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code for this error. */
  public int exitCode() {
    return exitCode;
  }
}
