package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taxi-fares example through the whole pipeline in {@code mlpipe up}: its commit (published
 * with {@code mlpipe publish commit}) is trained (DL4J regressor), judged (the gatekeeper
 * re-computes its metrics on the stored tabular holdout), deployed, and served by {@code POST
 * /v1/models/taxi-fares/predict}. The example's spec is trained on fewer rows and epochs, and its
 * gates loosened to match, to keep the test short.
 */
@Timeout(400)
class TabularPipelineIT {

  private static final Path EXAMPLE =
      Path.of("..", "examples", "taxi-fares", "mlpipe.yaml").toAbsolutePath().normalize();
  private static final Pattern SERVING = Pattern.compile("serving=(http://\\S+)");
  private static final Pattern READY =
      Pattern.compile("^mlpipe ready: kafka=(\\S+) registry=(\\S+)");

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
  void shouldTrainJudgeDeployAndServeTheTaxiFaresExample() throws Exception {
    String spec = Files.readString(EXAMPLE);
    spec = spec.replace("shape: taxi", "shape: taxi\n    rows: 4000");
    spec = spec.replace("epochs: 15", "epochs: 3");
    spec =
        spec.substring(0, spec.indexOf("\ngates:")) + "\ngates:\n  critical:\n    r2: {min: 0.3}\n";
    Files.writeString(repo.resolve("mlpipe.yaml"), spec);
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "taxi");

    ProcessBuilder command =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "up",
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                "0",
                "--registry-port",
                "0")
            .redirectErrorStream(true);
    // Every HTTP endpoint on any free port: the fixed defaults may be taken on a shared machine.
    command.environment().put("MLPIPE_DEPLOYER_SERVING_PORT", "0");
    command.environment().put("MLPIPE_WEBHOOK_PORT", "0");
    command.environment().put("MLPIPE_CONSOLE_PORT", "0");
    command.environment().put("MLPIPE_WEBHOOK_SECRET", "tabular-it-webhook-secret-0123456789");
    command.environment().put("MLPIPE_CONSOLE_TOKEN", "tabular-it-console-token");
    up = command.start();
    Thread reader = new Thread(this::readOutput, "up-output");
    reader.setDaemon(true);
    reader.start();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> !up.isAlive() || output.stream().anyMatch(l -> READY.matcher(l).find()));
    Matcher ready =
        output.stream()
            .map(READY::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ready line: " + String.join("\n", output)));

    // The commit published as the webhook bridge would publish a push of this repository.
    CommandLineRun published =
        CommandLineRun.of(
            "publish",
            "commit",
            "--repo",
            repo.toString(),
            "--sha",
            git("rev-parse", "HEAD").trim(),
            "--bootstrap",
            ready.group(1),
            "--registry",
            ready.group(2));
    assertThat(published.exitCode()).as(published.out() + published.err()).isZero();

    // The live view prints each run's model in the run's header line and its events below it;
    // this pipeline runs this one model only.
    await()
        .atMost(Duration.ofSeconds(300))
        .until(
            () ->
                !up.isAlive()
                    || output.stream()
                        .anyMatch(l -> l.contains("ModelDeployed") && l.contains("PRODUCTION"))
                    || output.stream().anyMatch(l -> l.matches("\\s+\\S+\\s+\\w+Failed\\s.*")));
    assertThat(output)
        .as(String.join("\n", output))
        .anyMatch(l -> l.matches("\\s*run \\S+\\s+taxi-fares\\s*"))
        .anyMatch(l -> l.contains("ValidationPassed"))
        .anyMatch(l -> l.contains("ModelDeployed") && l.contains("PRODUCTION"))
        .noneMatch(l -> l.contains("TrainingFailed") || l.contains("ValidationFailed"));

    Matcher serving =
        output.stream()
            .map(SERVING::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no serving= in " + output));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(serving.group(1) + "/v1/models/taxi-fares/predict"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"distance_km\": 12.4, \"pickup_hour\": 18, \"day_of_week\": 2,"
                                + " \"passengers\": 1, \"pickup_zone\": \"zone_03\","
                                + " \"dropoff_zone\": \"airport_south\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Model-Version")).isPresent();
    assertThat(response.body()).contains("\"value\":").contains("\"predictionId\":");

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

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0).as(out).isTrue();
    return out;
  }
}
