package dev.mlpipe.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed shape on one machine: {@code mlpipe up --infra-only} (broker and registry) and
 * every stage as a JVM of its own from the shaded jar ({@link MultiProcessScenario}): a commit
 * reaches production; a second trainer and a second deployer join their stages' consumer groups, a
 * second commit reaches production, and both serving instances answer with its version.
 */
@Timeout(300)
class MultiProcessIT {

  private static final Pattern INFRA_READY =
      Pattern.compile("^mlpipe ready: kafka=(\\S+) registry=(\\S+)$", Pattern.MULTILINE);

  @TempDir Path dataDir;
  @TempDir Path repo;

  private MultiProcessScenario scenario;

  @AfterEach
  void stopEverything() {
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void shouldRunCommitsToProductionWithEveryStageAProcessAndShareTheWorkWithSecondInstances()
      throws Exception {
    scenario =
        new MultiProcessScenario(
            dataDir.resolve("stages"), repo, Path.of("target", "multiproc-it"));
    scenario
        .processes()
        .start(
            "infra",
            "768m",
            "up",
            "--infra-only",
            "--no-live-view",
            "--kafka-port",
            "0",
            "--registry-port",
            "0",
            "--data-dir",
            dataDir.resolve("infra").toString());
    var ready = scenario.processes().awaitLine("infra", INFRA_READY, MultiProcessScenario.START);
    scenario.run(ready.group(1), ready.group(2));
  }
}
