package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.LocalGit;
import dev.mlpipe.cli.publish.PublishCommitCommand;
import dev.mlpipe.cli.publish.Published;
import dev.mlpipe.cli.publish.Publisher;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code up --demo} drives through the pipeline: a commit of a model repository, published the
 * way the webhook bridge would publish a push. The repository is mlpipe's own (the current
 * directory by default) and the spec the lead example's, so the demo trains {@value #MODEL}.
 */
final class Demo {

  /** The example the demo trains: its spec's path in mlpipe's repository and its model name. */
  static final String SPEC_PATH = "examples/movielens-recsys/mlpipe.yaml";

  static final String MODEL = "movielens-recsys";

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
    // A repository of its own (mlpipe.yaml at its root) trains as it is; mlpipe's repository
    // trains the lead example.
    boolean ownSpec = Files.isRegularFile(dir.resolve("mlpipe.yaml"));
    String specPath = ownSpec ? "mlpipe.yaml" : SPEC_PATH;
    String model = ownSpec ? PublishCommitCommand.defaultModelName(dir.toString()) : MODEL;
    try (Publisher publisher = new Publisher(pipeline.bootstrap(), pipeline.registryUrl())) {
      CommitPushed commit =
          PublishCommitCommand.commitPushed(model, dir.toString(), "main", head, specPath);
      Published published = publisher.publish(Topics.COMMIT, commit);
      out.println(
          "demo: published commit "
              + head.sha().substring(0, 10)
              + " of "
              + dir
              + " ("
              + specPath
              + ") as run "
              + published.runId());
      out.flush();
    }
  }
}
