package dev.mlpipe.events.stage;

import java.util.Map;

/** A started stage: what it offers to the outside, and how to stop it. */
public interface RunningStage extends AutoCloseable {

  /** The stage's name, e.g. {@code trainer}; also its consumer group's prefix. */
  String name();

  /**
   * What the stage adds to the ready line, in order, e.g. {@code serving=http://127.0.0.1:8080};
   * empty for stages with no endpoint of their own.
   */
  default Map<String, String> endpoints() {
    return Map.of();
  }

  /** True while the stage is processing; false once it stopped or failed. */
  boolean isRunning();

  /** Stops the stage and waits for it, committing nothing half-done. */
  @Override
  void close();
}
