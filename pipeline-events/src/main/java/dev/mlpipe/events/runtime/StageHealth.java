package dev.mlpipe.events.runtime;

/** The life cycle of a stage, as reported by {@code /health} and {@code /ready}. */
public enum StageHealth {
  /** Created or connecting: not yet consuming. */
  STARTING,
  /** Consuming and processing. */
  RUNNING,
  /** Stopped by an error; needs an operator or a restart. */
  FAILED,
  /** Closed on purpose. */
  STOPPED;

  /** Whether the process is healthy (liveness): anything but {@link #FAILED}. */
  public boolean isAlive() {
    return this != FAILED;
  }

  /** Whether the stage is processing (readiness). */
  public boolean isReady() {
    return this == RUNNING;
  }
}
