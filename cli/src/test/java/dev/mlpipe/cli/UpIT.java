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

/**
 * {@code mlpipe up --demo} as a user runs it: its own process, one ready line, the demo's story in
 * the live view (first production, drift, retraining, the worse commit rejected, the summary), the
 * CLI's simulate and drift commands against it, the webhook, and Ctrl-C.
 */
@Timeout(300)
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
  void shouldRunTheDemoToItsSummaryAndServeTheCliAndWebhookAndStopCleanlyOnSigterm()
      throws Exception {
    ProcessBuilder command =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "up",
                "--demo",
                "--demo-example",
                Path.of("..", "examples", "movielens-recsys").toString(),
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
    command.environment().put("MLPIPE_CONSOLE_TOKEN", "up-it-console-token");
    command.environment().put("OMP_NUM_THREADS", "1");
    // This checkout's configuration (dev's count windows of drift), not a jar's bundled copy.
    command
        .environment()
        .put("MLPIPE_CONFIG_DIR", Path.of("..", "config").toAbsolutePath().toString());
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
    Matcher serving = Pattern.compile(" serving=(\\S+)").matcher(readyLine);
    assertThat(serving.find()).as(readyLine).isTrue();
    HttpResponse<String> overview =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(console.group(1) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("Consumer groups");

    // The demo's story, in order: the first version in production, drift raised on the injected
    // traffic, the worse commit's version rejected by the gate with the failed check, the summary.
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> output.stream().anyMatch(l -> l.matches("demo \\S+: done: .*")));
    assertThat(output).anyMatch(l -> l.matches("demo \\S+: first version \\S+ in production .*"));
    assertThat(output)
        .anyMatch(l -> l.contains("DriftDetected") && l.contains("DATA DRIFT"))
        .anyMatch(l -> l.matches("demo \\S+: drift detected .* after injecting it: DATA .*"));
    assertThat(output)
        .anyMatch(l -> l.contains("ValidationFailed") && l.contains("failed: "))
        .anyMatch(l -> l.contains("the gate rejected the worse commit's version"))
        .anyMatch(l -> l.contains("  rmse_vs_champion: rmse "));
    assertThat(output)
        .anyMatch(l -> l.startsWith("RUN ") && l.contains("TRIGGER") && l.contains("OUTCOME"))
        .anyMatch(l -> l.contains("in production") && l.contains("commit "))
        .anyMatch(l -> l.contains("rejected by the gate: "))
        .anyMatch(l -> l.startsWith("drift alarms: data x"));
    assertThat(output).anyMatch(l -> l.matches("demo \\S+: done: first production .*"));
    assertThat(output)
        .as("serving's traffic stays out of the live view")
        .noneMatch(l -> l.contains("PredictionLogged") || l.contains("FeedbackReceived"));

    // The CLI's traffic simulator and drift report against the demo's pipeline.
    CommandLineRun traffic =
        CommandLineRun.of(
            "simulate",
            "traffic",
            "--model",
            "movielens-recsys",
            "--rate",
            "50",
            "--duration",
            "3s",
            "--feedback",
            "--progress",
            "1s",
            "--serving",
            serving.group(1),
            "--bootstrap",
            bootstrap,
            "--registry",
            registry);
    assertThat(traffic.exitCode()).as(traffic.out() + traffic.err()).isZero();
    assertThat(traffic.out())
        .contains("simulate: done ")
        .contains(" sent=150 ok=150 failed=0 ")
        .containsPattern("feedback=[1-9]");
    CommandLineRun report =
        CommandLineRun.of(
            "drift",
            "report",
            "movielens-recsys",
            "--bootstrap",
            bootstrap,
            "--registry",
            registry);
    assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
    assertThat(report.out())
        .contains("model movielens-recsys version ")
        .containsPattern("DATA +DRIFT +user +PSI ");

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
        .contains("\"model\":\"movielens-recsys\"")
        .contains("\"message\":\"movielens-recsys: the first model\"");

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
        .until(() -> output.stream().anyMatch(l -> l.matches("  run \\S+  webhook-model")));
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

    // NEEDS feat/retrain (the trainer retraining on DriftDetected): without it the demo prints
    // "NOT HAPPENED: the trainer did not start retraining ..." and this, the last assertion, fails.
    assertThat(output)
        .as("the trainer retrained on the drift and the new version went through its canary")
        .anyMatch(
            l -> l.matches("demo \\S+: retrained version \\S+ in production after its canary.*"));
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

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
