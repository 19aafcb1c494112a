package dev.mlpipe.events.registry.server;

/** The registry's backing store failed or did not answer in time. */
public class SchemaStoreException extends RuntimeException {

  private final boolean timeout;

  public SchemaStoreException(String message, boolean timeout, Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** Whether the store did not answer in time (as opposed to answering with an error). */
  public boolean timeout() {
    return timeout;
  }
}
