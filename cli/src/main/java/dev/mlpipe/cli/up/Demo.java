package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.LocalGit;
import dev.mlpipe.cli.publish.PublishCommitCommand;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import java.io.PrintWriter;
import java.nio.file.Path;

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
    LocalGit.Commit head =
        LocalGit.commit(dir, "HEAD")
            .orElseThrow(
                () ->
                    new UserError(
                        "--demo-repo "
                            + dir
                            + " is not a git repository with a commit (and git must be on the"
                            + " PATH)"));
    String model = PublishCommitCommand.defaultModelName(dir.toString());
    try (Publisher publisher = new Publisher(pipeline.bootstrap(), pipeline.registryUrl())) {
      CommitPushed commit =
          PublishCommitCommand.commitPushed(model, dir.toString(), "main", head, "mlpipe.yaml");
      Published published = publisher.publish(Topics.COMMIT, commit);
      out.println(
          "demo: published commit "
              + head.sha().substring(0, 10)
              + " of "
              + dir
              + " as run "
              + published.runId());
      out.flush();
    }
  }
}
