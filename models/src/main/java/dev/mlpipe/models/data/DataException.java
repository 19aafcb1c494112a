package dev.mlpipe.models.data;

/** Data that cannot be used for training: missing, empty, or with too many unparseable rows. */
public final class DataException extends Exception {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
