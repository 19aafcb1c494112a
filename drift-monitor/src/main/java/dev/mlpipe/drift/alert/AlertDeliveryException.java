package dev.mlpipe.drift.alert;

/** A sink did not take an alert; {@link #retryable()} says whether trying again may help. */
public final class AlertDeliveryException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public AlertDeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True for timeouts, connection failures, 429 and 5xx; false for other refusals. */
  public boolean retryable() {
    return retryable;
  }
}
