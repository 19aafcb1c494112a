package dev.mlpipe.webhook.github;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.EventMeta;
import java.util.List;
import java.util.Objects;

/**
 * The commit a delivery asks the pipeline to train, everything of the CommitPushed but its meta
 * (which the publishing shell makes, with a fresh run).
 *
 * @param model the model name (record key)
 * @param repositoryName GitHub's {@code owner/name}
 * @param cloneUrl the repository's clone URL, what the trainer fetches
 * @param branch the branch name (without {@code refs/heads/})
 * @param sha the full head commit sha
 * @param author who made the head commit (or who pushed, when the payload has no head commit)
 * @param message the head commit's message
 * @param specPath the training spec's path in the repository
 * @param changedPaths every path the push added, modified or removed
 * @param pullRequest the pull request number, or null for a push
 */
public record PushedCommit(
    String model,
    String repositoryName,
    String cloneUrl,
    String branch,
    String sha,
    String author,
    String message,
    String specPath,
    List<String> changedPaths,
    Integer pullRequest) {

  public PushedCommit {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(cloneUrl, "cloneUrl");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(specPath, "specPath");
    changedPaths = List.copyOf(changedPaths);
    if (!sha.matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
      throw new IllegalArgumentException("sha must be a full hex commit sha, was '" + sha + "'");
    }
  }

  /** The event, with the given meta. */
  public CommitPushed toEvent(EventMeta meta) {
    return CommitPushed.newBuilder()
        .setMeta(meta)
        .setModel(model)
        .setRepo(cloneUrl)
        .setBranch(branch)
        .setSha(sha)
        .setAuthor(author)
        .setMessage(message)
        .setSpecPath(specPath)
        .setChangedPaths(changedPaths)
        .setPullRequest(pullRequest)
        .build();
  }
}
