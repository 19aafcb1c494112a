package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.models.artifact.ArtifactStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlpipe up --demo} on the lead example: the demo's first commit is trained and its model
 * and holdout stored, content-addressed.
 */
@Timeout(300)
class DemoTrainingIT {

  private static final Path EXAMPLE =
      Path.of("..", "examples", "movielens-recsys", "mlpipe.yaml").toAbsolutePath().normalize();

  @TempDir Path dataDir;

  private Process up;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (up != null && up.isAlive()) {
      up.destroyForcibly();
    }
  }

  @Test
  void shouldTrainTheLeadExampleAndStoreTheModelTheEventNames() throws Exception {
    up =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "up",
                "--demo",
                "--demo-example",
                EXAMPLE.getParent().toString(),
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                "0",
                "--registry-port",
                "0")
            .redirectErrorStream(true)
            .start();
    Thread reader = new Thread(this::readOutput, "up-output");
    reader.setDaemon(true);
    reader.start();

    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> output.stream().anyMatch(l -> l.contains("TrainingFinished")));
    assertThat(output)
        .anyMatch(l -> l.matches("  run \\S+  movielens-recsys"))
        .anyMatch(l -> l.contains("TrainingStarted"))
        .noneMatch(l -> l.contains("TrainingFailed"));

    List<Path> stored;
    try (Stream<Path> files = Files.list(dataDir.resolve("artifacts").resolve("sha256"))) {
      stored = files.toList();
    }
    assertThat(stored).hasSizeGreaterThanOrEqualTo(2); // the model and its holdout, at least
    for (Path file : stored) {
      assertThat(ArtifactStore.sha256(Files.readAllBytes(file)))
          .isEqualTo(file.getFileName().toString());
    }
    String finished =
        output.stream().filter(l -> l.contains("TrainingFinished")).findFirst().orElseThrow();
    assertThat(stored)
        .anyMatch(
            f -> finished.contains("artifact=" + f.getFileName().toString().substring(0, 10)));

    up.toHandle().destroy();
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(reading the output failed: " + e + ")");
    }
  }
}
