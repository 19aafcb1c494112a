package dev.mlpipe.events.config;

/** A configuration value is missing or invalid; the message names the key, the value and why. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
