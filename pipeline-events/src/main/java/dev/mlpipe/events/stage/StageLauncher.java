package dev.mlpipe.events.stage;

/**
 * Starts one stage in the given environment and returns once it is running; each stage module
 * offers one (e.g. {@code TrainerApp::start}). Throws with a message a person can act on when the
 * stage's configuration is invalid.
 */
@FunctionalInterface
public interface StageLauncher {

  RunningStage start(StageEnvironment environment);
}
