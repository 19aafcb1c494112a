package dev.mlpipe.cli.up;

import dev.mlpipe.cli.UserError;
import dev.mlpipe.cli.publish.LocalGit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A model repository of the demo's own: a fresh git repository (made with JGit, no git command
 * needed) holding a copy of an example's files, on branch {@code main}, that the demo commits to.
 */
final class DemoRepository implements AutoCloseable {

  private static final PersonIdent AUTHOR = new PersonIdent("mlpipe demo", "demo@mlpipe.invalid");

  private final Path dir;
  private final Git git;

  private DemoRepository(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /**
   * Copies {@code example}'s files (not its subdirectories) into a new repository at {@code dir}.
   */
  static DemoRepository create(Path example, Path dir) {
    if (!Files.isRegularFile(example.resolve("mlpipe.yaml"))) {
      throw new UserError(
          "--demo-example "
              + example.toAbsolutePath().normalize()
              + " has no mlpipe.yaml; run from mlpipe's directory (it has"
              + " examples/movielens-recsys) or pass --demo-example DIR");
    }
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(example)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, dir.resolve(file.getFileName().toString()));
        }
      }
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      return new DemoRepository(dir, git);
    } catch (IOException e) {
      throw new UncheckedIOException("demo: cannot copy " + example + " to " + dir, e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("demo: cannot create a git repository in " + dir, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code mlpipe.yaml}, commits every change and returns the commit. */
  LocalGit.Commit commitSpec(String spec, String message) {
    try {
      Files.writeString(dir.resolve("mlpipe.yaml"), spec);
      return commit(message);
    } catch (IOException e) {
      throw new UncheckedIOException("demo: cannot write " + dir.resolve("mlpipe.yaml"), e);
    }
  }

  /** Commits every file as it is. */
  LocalGit.Commit commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(AUTHOR)
              .setCommitter(AUTHOR)
              .setSign(false)
              .call();
      return new LocalGit.Commit(commit.getName(), AUTHOR.getName(), commit.getShortMessage());
    } catch (GitAPIException e) {
      throw new IllegalStateException("demo: cannot commit in " + dir, e);
    }
  }

  /** The spec as committed first. */
  String spec() {
    try {
      return Files.readString(dir.resolve("mlpipe.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException("demo: cannot read " + dir.resolve("mlpipe.yaml"), e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
