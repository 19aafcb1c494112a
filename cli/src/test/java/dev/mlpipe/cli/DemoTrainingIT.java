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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlpipe up --demo} in a repository laid out like mlpipe's own (the lead example under
 * examples/, no mlpipe.yaml at the root): the demo commit is trained and the model stored.
 */
@Timeout(300)
class DemoTrainingIT {

  private static final Path EXAMPLE =
      Path.of("..", "examples", "movielens-recsys", "mlpipe.yaml").toAbsolutePath().normalize();

  @TempDir Path dataDir;
  @TempDir Path repo;

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
    Path spec = repo.resolve("examples/movielens-recsys/mlpipe.yaml");
    Files.createDirectories(spec.getParent());
    Files.copy(EXAMPLE, spec);
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "example");

    up =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "up",
                "--demo",
                "--demo-repo",
                repo.toString(),
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
        .until(
            () ->
                output.stream()
                    .anyMatch(
                        l -> l.contains("TrainingFinished") && l.contains("movielens-recsys")));
    assertThat(output)
        .anyMatch(l -> l.contains("TrainingStarted") && l.contains("movielens-recsys"))
        .noneMatch(l -> l.contains("TrainingFailed"));

    List<Path> stored;
    try (Stream<Path> files = Files.list(dataDir.resolve("artifacts").resolve("sha256"))) {
      stored = files.toList();
    }
    assertThat(stored).hasSize(2); // the model and its holdout
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

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0).as(out).isTrue();
  }
}
