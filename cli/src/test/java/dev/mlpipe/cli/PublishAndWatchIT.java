package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpipe.cli.up.LocalPipeline;
import dev.mlpipe.events.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a running local pipeline: what a user does right after {@code mlpipe up}. */
@Timeout(180)
class PublishAndWatchIT {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @TempDir static Path repo;

  private static LocalPipeline pipeline;
  private static String bootstrap;
  private static String registry;

  @BeforeAll
  static void startPipeline() throws Exception {
    pipeline = LocalPipeline.start(new LocalPipeline.Settings(dataDir, 0, 0));
    bootstrap = pipeline.bootstrap();
    registry = pipeline.registryUrl().toString();
    Files.writeString(repo.resolve("mlpipe.yaml"), "model: movielens-recsys\n");
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static CommandLineRun mlpipe(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = bootstrap;
    all[args.length + 2] = "--registry";
    all[args.length + 3] = registry;
    return CommandLineRun.of(all);
  }

  @Test
  void shouldShowAPublishedCommitWithItsRunIdInWatchJson() throws Exception {
    CommandLineRun published =
        mlpipe("publish", "commit", "--repo", repo.toString(), "--sha", SHA, "--message", "tune");
    assertThat(published.exitCode()).as(published.err()).isZero();
    String runId = published.field("runId");
    String eventId = published.field("eventId");

    CommandLineRun watched =
        mlpipe(
            "watch",
            "--topic",
            "mlpipe.commit",
            "--from-beginning",
            "--json",
            "--max",
            "50",
            "--timeout",
            "5s");
    JsonNode event =
        watched
            .out()
            .lines()
            .map(PublishAndWatchIT::parse)
            .filter(n -> n.path("value").path("meta").path("runId").asText().equals(runId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("run " + runId + " not in " + watched.out()));
    assertThat(event.path("topic").asText()).isEqualTo("mlpipe.commit");
    assertThat(event.path("key").asText()).isEqualTo("movielens-recsys");
    assertThat(event.path("value").path("meta").path("eventId").asText()).isEqualTo(eventId);
    assertThat(event.path("value").path("sha").asText()).isEqualTo(SHA);
    assertThat(event.path("value").path("message").asText()).isEqualTo("tune");
  }

  @Test
  void shouldShowAReadableLinePerEventWithoutJson() {
    CommandLineRun published =
        mlpipe("publish", "commit", "--repo", repo.toString(), "--sha", SHA, "--model", "fraud");
    assertThat(published.exitCode()).as(published.err()).isZero();
    String runId = published.field("runId");

    CommandLineRun watched =
        mlpipe("watch", "--topic", "mlpipe.commit", "--from-beginning", "--timeout", "3s");
    assertThat(watched.out())
        .containsPattern("CommitPushed +fraud +run " + runId.substring(0, 8) + " +sha=0123456789");
  }

  @Test
  void shouldPublishAnEventGivenAsJsonAndFillInMeta() throws Exception {
    Path feedback = repo.resolve("feedback.json");
    Files.writeString(
        feedback, "{\"model\": \"churn\", \"predictionId\": \"p-1\", \"actual\": 1.0}");
    CommandLineRun published =
        mlpipe("publish", "--topic", "mlpipe.feedback", "--json", feedback.toString());
    assertThat(published.exitCode()).as(published.err()).isZero();
    String runId = published.field("runId");

    CommandLineRun watched =
        mlpipe(
            "watch", "--topic", "mlpipe.feedback", "--from-beginning", "--json", "--timeout", "3s");
    assertThat(watched.out()).contains(runId).contains("\"predictionId\":\"p-1\"");
  }

  @Test
  void shouldRefuseJsonWithAMissingFieldNamingItAndPublishNothing() throws Exception {
    Path bad = repo.resolve("bad.json");
    Files.writeString(bad, "{\"model\": \"churn\", \"actual\": \"high\"}");
    CommandLineRun refused =
        mlpipe("publish", "--topic", "mlpipe.feedback", "--json", bad.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("predictionId").contains("actual");

    CommandLineRun topics = mlpipe("topics");
    assertThat(topics.exitCode()).as(topics.err()).isZero();
    // Only the valid event of the other test may be there; never one without a predictionId.
    CommandLineRun watched =
        mlpipe(
            "watch", "--topic", "mlpipe.feedback", "--from-beginning", "--json", "--timeout", "3s");
    watched
        .out()
        .lines()
        .map(PublishAndWatchIT::parse)
        .forEach(n -> assertThat(n.path("value").path("predictionId").asText()).isNotBlank());
  }

  @Test
  void shouldListThePipelineTopicsWithTheirEndOffsets() {
    CommandLineRun published = mlpipe("publish", "commit", "--repo", repo.toString(), "--sha", SHA);
    assertThat(published.exitCode()).as(published.err()).isZero();

    CommandLineRun topics = mlpipe("topics");
    assertThat(topics.exitCode()).as(topics.err()).isZero();
    assertThat(topics.out())
        .contains("TOPIC")
        .contains("mlpipe.commit")
        .contains("mlpipe.commands");
    String commitRow =
        topics.out().lines().filter(l -> l.startsWith("mlpipe.commit ")).findFirst().orElseThrow();
    long endOffsets = Long.parseLong(commitRow.trim().split("\\s+")[2]);
    assertThat(endOffsets).isPositive();
  }

  @Test
  void shouldReportAnUnreachableBrokerInOneLineNamingTheAddress() {
    String nowhere = "127.0.0.1:" + EmbeddedKafka.freePort();
    CommandLineRun run =
        CommandLineRun.of("topics", "--bootstrap", nowhere, "--registry", registry);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("mlpipe: cannot reach Kafka at " + nowhere);
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void shouldReportAnUnreachableRegistryInOneLineNamingTheAddress() {
    String nowhere = "http://127.0.0.1:" + EmbeddedKafka.freePort();
    CommandLineRun run =
        CommandLineRun.of(
            "publish",
            "commit",
            "--repo",
            repo.toString(),
            "--sha",
            SHA,
            "--bootstrap",
            bootstrap,
            "--registry",
            nowhere);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(nowhere.replace("http://", ""));
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void shouldFillInAuthorAndMessageFromALocalGitRepositoryAndRefuseAShaItDoesNotHave()
      throws Exception {
    Path gitRepo = Files.createDirectories(repo.resolve("git-model"));
    Files.writeString(gitRepo.resolve("mlpipe.yaml"), "model: git-model\n");
    git(gitRepo, "init", "-q", "-b", "main");
    git(gitRepo, "add", ".");
    git(
        gitRepo,
        "-c",
        "user.name=Grace",
        "-c",
        "user.email=g@example.com",
        "commit",
        "-q",
        "-m",
        "raise rank to 20");
    String head = git(gitRepo, "rev-parse", "HEAD");

    CommandLineRun published =
        mlpipe("publish", "commit", "--repo", gitRepo.toString(), "--sha", head.substring(0, 8));
    assertThat(published.exitCode()).as(published.err()).isZero();
    String runId = published.field("runId");
    CommandLineRun watched =
        mlpipe(
            "watch", "--topic", "mlpipe.commit", "--from-beginning", "--json", "--timeout", "3s");
    JsonNode value =
        watched
            .out()
            .lines()
            .map(PublishAndWatchIT::parse)
            .map(n -> n.path("value"))
            .filter(v -> v.path("meta").path("runId").asText().equals(runId))
            .findFirst()
            .orElseThrow();
    assertThat(value.path("sha").asText()).isEqualTo(head);
    assertThat(value.path("author").asText()).isEqualTo("Grace");
    assertThat(value.path("message").asText()).isEqualTo("raise rank to 20");

    CommandLineRun refused =
        mlpipe("publish", "commit", "--repo", gitRepo.toString(), "--sha", "deadbeefdeadbeef");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("--sha deadbeefdeadbeef: no such commit");
  }

  private static String git(Path dir, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
    command.addAll(java.util.List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .strip();
    assertThat(
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0)
        .as(out)
        .isTrue();
    return out;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
