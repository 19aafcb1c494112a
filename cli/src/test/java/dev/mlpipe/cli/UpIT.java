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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlpipe up} as a user runs it: its own process, one ready line, a live view, Ctrl-C. */
@Timeout(240)
class UpIT {

  private static final Pattern READY =
      Pattern.compile("^mlpipe ready: kafka=(\\S+) registry=(\\S+)(?: \\S+=\\S+)*$");
  private static final Pattern WEBHOOK = Pattern.compile(" webhook=(\\S+)");
  private static final String SECRET = "up-it-webhook-secret-0123456789";

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
  void shouldPrintOneReadyLineShowTheDemoCommitLiveAndStopCleanlyOnSigterm() throws Exception {
    git("init", "-q", "-b", "main");
    Files.writeString(repo.resolve("mlpipe.yaml"), "model: demo-model\n");
    git("add", ".");
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "first");

    ProcessBuilder command =
        new ProcessBuilder(
                javaBinary(),
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
            .redirectErrorStream(true);
    // Every HTTP endpoint on any free port: the fixed defaults may be taken on a shared machine.
    command.environment().put("MLPIPE_DEPLOYER_SERVING_PORT", "0");
    command.environment().put("MLPIPE_WEBHOOK_PORT", "0");
    command.environment().put("MLPIPE_CONSOLE_PORT", "0");
    command.environment().put("MLPIPE_WEBHOOK_SECRET", SECRET);
    up = command.start();
    Thread reader = new Thread(this::readOutput, "up-output");
    reader.setDaemon(true);
    reader.start();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.stream().anyMatch(l -> READY.matcher(l).matches()));
    String readyLine = output.stream().filter(l -> READY.matcher(l).matches()).findFirst().get();
    assertThat(output.indexOf(readyLine)).as("the ready line comes first: " + output).isZero();
    Matcher ready = READY.matcher(readyLine);
    assertThat(ready.matches()).isTrue();
    String bootstrap = ready.group(1);
    String registry = ready.group(2);
    Matcher console = Pattern.compile(" console=(\\S+)").matcher(readyLine);
    assertThat(console.find()).as("the console's URL is in the ready line: " + readyLine).isTrue();
    HttpResponse<String> overview =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(console.group(1) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("Consumer groups");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                output.stream()
                    .anyMatch(l -> l.contains("CommitPushed") && l.contains("demo-model")));
    assertThat(output).anyMatch(l -> l.startsWith("demo: published commit"));

    // The CLI, pointed at the ready line's addresses, sees the same event.
    CommandLineRun watched =
        CommandLineRun.of(
            "watch",
            "--topic",
            "mlpipe.commit",
            "--from-beginning",
            "--max",
            "1",
            "--json",
            "--timeout",
            "20s",
            "--bootstrap",
            bootstrap,
            "--registry",
            registry);
    assertThat(watched.exitCode()).as(watched.err()).isZero();
    assertThat(watched.out())
        .contains("\"model\":\"demo-model\"")
        .contains("\"message\":\"first\"");

    // A signed GitHub push delivery to the ready line's webhook URL becomes a CommitPushed in the
    // live view; its redelivery is not published again; a wrongly signed one gets 401.
    Matcher webhook = WEBHOOK.matcher(readyLine);
    assertThat(webhook.find()).as(readyLine).isTrue();
    Path push = repo.resolve("push.json");
    Files.writeString(push, PUSH);
    CommandLineRun sent =
        CommandLineRun.of(
            "webhook",
            "send",
            "--event",
            "push",
            "--file",
            push.toString(),
            "--secret",
            SECRET,
            "--url",
            webhook.group(1),
            "--delivery",
            "up-it-1");
    assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
    assertThat(sent.out()).contains("status=200").contains("\"published\":true");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                output.stream()
                    .anyMatch(l -> l.contains("CommitPushed") && l.contains("webhook-model")));
    CommandLineRun again =
        CommandLineRun.of(
            "webhook",
            "send",
            "--event",
            "push",
            "--file",
            push.toString(),
            "--secret",
            SECRET,
            "--url",
            webhook.group(1),
            "--delivery",
            "up-it-1");
    assertThat(again.out()).contains("status=200").contains("\"published\":false");
    CommandLineRun wrong =
        CommandLineRun.of(
            "webhook",
            "send",
            "--event",
            "push",
            "--file",
            push.toString(),
            "--secret",
            "not-the-secret-of-this-pipeline",
            "--url",
            webhook.group(1));
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.out()).contains("status=401");

    // SIGTERM, as Ctrl-C or a service manager sends it. (Process.destroy() would also close our
    // end of its output, hiding what it prints while it stops.)
    up.toHandle().destroy();
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(output).contains("mlpipe: stopping"));
    assertThat(Files.readString(dataDir.resolve("logs/mlpipe.log"))).contains("mlpipe ready:");
  }

  /** A push delivery in GitHub's format, trimmed to the fields the bridge reads. */
  private static final String PUSH =
      """
      {"ref": "refs/heads/main",
       "before": "0000000000000000000000000000000000000000",
       "after": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
       "created": true, "deleted": false,
       "commits": [],
       "head_commit": {"id": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                       "message": "First model", "author": {"name": "Ada", "username": "ada"},
                       "added": ["mlpipe.yaml"], "removed": [], "modified": []},
       "repository": {"name": "webhook-model", "full_name": "acme/webhook-model",
                      "clone_url": "https://github.com/acme/webhook-model.git"},
       "pusher": {"name": "ada"}, "sender": {"login": "ada"}}
      """;

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
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0).as(out).isTrue();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
