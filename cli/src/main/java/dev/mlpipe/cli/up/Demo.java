package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.PublishCommitCommand;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code up --demo} drives through the pipeline: a commit of a model repository, published the
 * way the webhook bridge would publish a push.
 */
final class Demo {

  private final LocalPipeline pipeline;
  private final PrintWriter out;

  Demo(LocalPipeline pipeline, PrintWriter out) {
    this.pipeline = pipeline;
    this.out = out;
  }

  /** Publishes CommitPushed for the HEAD commit of the git repository at {@code repo}. */
  void publishCommit(Path repo) {
    Path dir = repo.toAbsolutePath().normalize();
    String sha = git(dir, "rev-parse", "HEAD");
    String message = git(dir, "log", "-1", "--format=%s");
    String author = git(dir, "log", "-1", "--format=%an");
    String model = PublishCommitCommand.defaultModelName(dir.toString());
    try (Publisher publisher = new Publisher(pipeline.bootstrap(), pipeline.registryUrl())) {
      CommitPushed commit =
          CommitPushed.newBuilder()
              .setMeta(Publisher.metas().newRun())
              .setModel(model)
              .setRepo(dir.toString())
              .setBranch("main")
              .setSha(sha)
              .setAuthor(author)
              .setMessage(message)
              .setSpecPath("mlpipe.yaml")
              .setChangedPaths(List.of())
              .setPullRequest(null)
              .build();
      Published published = publisher.publish(Topics.COMMIT, commit);
      out.println(
          "demo: published commit "
              + sha.substring(0, 10)
              + " of "
              + dir
              + " as run "
              + published.runId());
      out.flush();
    }
  }

  private static String git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new UserError(
            "--demo-repo " + dir + " is not a git repository with a commit: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UserError("--demo needs git on the PATH: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while reading " + dir + " with git", e);
    }
  }
}
