package dev.mlpipe.console.cluster;

/** Kafka did not answer a question of the console in time; the message names the address. */
public class ClusterUnavailableException extends RuntimeException {

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
