package dev.mlpipe.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A git repository in a temporary directory, written and committed with JGit. */
public final class GitFixture implements AutoCloseable {

  /** A small spec that trains in about a second on the 100K shape. */
  public static final String QUICK_SPEC =
      """
      model: quick-recsys
      seed: 42
      data:
        generate: {shape: movielens-100k}
      recipe: recommender-sgd-mf
      hyperParameters: {rank: 8, epochs: 3}
      gates:
        critical:
          rmse: {max: 1.2}
      """;

  private final Path dir;
  private final Git git;

  private GitFixture(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  public static GitFixture init(Path dir) throws GitAPIException {
    return new GitFixture(
        dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
  }

  public Path dir() {
    return dir;
  }

  /** Writes the files (path relative to the repository -> text), commits them, returns the sha. */
  public String commit(Map<String, String> files, String message)
      throws IOException, GitAPIException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    git.add().addFilepattern(".").call();
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor("Test", "test@example.com")
            .setCommitter("Test", "test@example.com")
            .setSign(false)
            .call();
    return commit.getName();
  }

  @Override
  public void close() {
    git.close();
  }
}
