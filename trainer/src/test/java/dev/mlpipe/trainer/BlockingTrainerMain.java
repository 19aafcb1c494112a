package dev.mlpipe.trainer;

import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.trainer.recipe.EpochProgress;
import dev.mlpipe.trainer.run.RunObserver;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A trainer run in a child JVM by {@link TrainerCrashIT}: at the given epoch of its first run it
 * prints {@value #BLOCKED} and blocks in the middle of training until the test kills the process.
 *
 * <p>Arguments: bootstrap servers, registry URL, data directory, instance id, epoch to block at.
 */
public final class BlockingTrainerMain {

  static final String BLOCKED = "BLOCKED";

  private BlockingTrainerMain() {}

  public static void main(String[] args) throws InterruptedException {
    StageEnvironment env =
        new StageEnvironment(args[0], URI.create(args[1]), Path.of(args[2]), "dev", args[3]);
    int blockAt = Integer.parseInt(args[4]);
    CountDownLatch never = new CountDownLatch(1);
    RunObserver observer =
        new RunObserver() {
          @Override
          public void onEpoch(String candidate, EpochProgress progress) {
            if (progress.epoch() == blockAt) {
              System.out.println(BLOCKED + " in epoch " + progress.epoch() + " of " + candidate);
              System.out.flush();
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    TrainerApp.start(env, crashTestSettings(), observer);
    never.await();
  }

  /** The killed trainer must leave the group quickly for its successor to get the partition. */
  static TrainerSettings crashTestSettings() {
    return TrainerSettings.defaults()
        .withKafka(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
  }
}
