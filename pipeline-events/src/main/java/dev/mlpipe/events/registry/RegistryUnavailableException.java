package dev.mlpipe.events.registry;

/** The registry could not be reached (after the client's retries); the message names the URL. */
public class RegistryUnavailableException extends RuntimeException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
