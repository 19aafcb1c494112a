package dev.mlpipe.drift.alert;

/** Somewhere alerts go. */
public interface AlertSink {

  /** A short name for logs that gives no secret away, e.g. {@code slack(hooks.slack.com)}. */
  String name();

  /**
   * Delivers one alert.
   *
   * @throws AlertDeliveryException when the sink refused it or could not be reached
   */
  void deliver(Alert alert) throws AlertDeliveryException;
}
