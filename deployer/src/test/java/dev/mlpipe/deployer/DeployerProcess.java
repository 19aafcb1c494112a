package dev.mlpipe.deployer;

import dev.mlpipe.deployer.rollout.RolloutPolicy;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The deployer as a process of its own, for the kill test: {@code DeployerProcess BOOTSTRAP
 * REGISTRY DATA_DIR INSTANCE STEP_MILLIS}. Prints {@code deployer-process ready} once started and
 * runs until killed; SIGTERM closes it.
 */
public final class DeployerProcess {

  /** The line printed once the deployer runs. */
  public static final String READY = "deployer-process ready";

  private DeployerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    StageEnvironment env =
        new StageEnvironment(args[0], URI.create(args[1]), Path.of(args[2]), "dev", args[3]);
    DeployerConfig config =
        DeployerConfig.defaults(false)
            .withServingPort(0)
            .withRollout(
                RolloutPolicy.defaults(false)
                    .withStepInterval(Duration.ofMillis(Long.parseLong(args[4]))));
    // A killed instance does not leave its group: the stages' default session timeout (10 s, see
    // StageConfig) lets the next take over, which this test relies on.
    RunningStage stage = DeployerApp.start(env, config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stage.close();
                  stopped.countDown();
                }));
    System.out.println(READY + " serving=" + stage.endpoints().get("serving"));
    System.out.flush();
    stopped.await();
  }
}
