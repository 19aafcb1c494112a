package dev.mlpipe.trainer.retrain;

import java.util.List;
import java.util.Objects;

/**
 * Where a trained version's spec lives: the repository, the commit and the spec's path in it, as
 * the commit event that started the version's first run named them.
 *
 * @param repo clone URL or local path of the model repository
 * @param commitSha the commit the version was trained at
 * @param specPath the spec's path inside the repository
 * @param changedPaths the paths the commit event said the push changed; they locate the spec of a
 *     model directory when there is no file at {@code specPath} (see trainer/SPEC.md), and a
 *     retrain must find the same spec the commit run found
 */
public record ModelSource(
    String repo, String commitSha, String specPath, List<String> changedPaths) {

  public ModelSource {
    requireText(repo, "repo");
    requireText(commitSha, "commitSha");
    requireText(specPath, "specPath");
    changedPaths = List.copyOf(changedPaths);
  }

  /** A source whose commit event listed no changed paths. */
  public ModelSource(String repo, String commitSha, String specPath) {
    this(repo, commitSha, specPath, List.of());
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException("model source: " + name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return repo + "@" + commitSha + ":" + specPath;
  }
}
