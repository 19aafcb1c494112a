package dev.mlpipe.trainer.repo;

import dev.mlpipe.trainer.run.RepositoryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A model repository as of one commit: its files are read from the commit's tree. When the
 * repository was given as a directory inside a larger work tree (e.g. {@code examples/movielens-
 * recsys} of mlpipe's own repository), paths are relative to that directory. Closing it releases
 * the repository.
 */
public final class CommitSnapshot implements AutoCloseable {

  private static final int SHORT = 10;

  private final Repository repository;
  private final String name;
  private final ObjectId commit;
  private final String prefix;
  private final RevCommit revCommit;

  CommitSnapshot(Repository repository, String name, ObjectId commit, String prefix)
      throws IOException {
    this.repository = repository;
    this.name = name;
    this.commit = commit;
    this.prefix = prefix;
    try (RevWalk walk = new RevWalk(repository)) {
      this.revCommit = walk.parseCommit(commit);
    }
  }

  /** The full sha of the commit. */
  public String commitSha() {
    return commit.getName();
  }

  /** {@code repository@shortsha}, for messages. */
  public String describe() {
    return name + "@" + commitSha().substring(0, SHORT);
  }

  /**
   * The text of a file at the commit, relative to the repository directory.
   *
   * @throws RepositoryException when the commit has no such file
   */
  public String readText(String path) throws RepositoryException {
    String full = inTree(path);
    try {
      Optional<InputStream> in = openInTree(full);
      if (in.isEmpty()) {
        throw new RepositoryException(
            "there is no "
                + path
                + " at commit "
                + commitSha().substring(0, SHORT)
                + " of "
                + name
                + (prefix.isEmpty() ? "" : " (looked for " + full + " in the repository)")
                + "; commit one (see trainer/SPEC.md) or publish the commit with the spec's path");
      }
      try (InputStream stream = in.get()) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new RepositoryException("reading " + path + " of " + describe() + " failed: " + e, e);
    }
  }

  /** Whether the commit has a file at the path, relative to the repository directory. */
  public boolean hasFile(String path) {
    try {
      Optional<InputStream> in = openInTree(inTree(path));
      if (in.isPresent()) {
        in.get().close();
        return true;
      }
      return false;
    } catch (RepositoryException | IOException e) {
      // A path outside the repository, or one that cannot be read: not a file to train from;
      // reading it as the spec reports the reason.
      return false;
    }
  }

  /** The files beside the spec at {@code specPath}: paths relative to the spec's directory. */
  public RepositoryFiles filesBeside(String specPath) {
    String dir = specPath.contains("/") ? specPath.substring(0, specPath.lastIndexOf('/')) : "";
    return new RepositoryFiles() {
      @Override
      public Optional<InputStream> open(String path) throws IOException {
        try {
          return openInTree(inTree(join(dir, path)));
        } catch (RepositoryException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public String describe(String path) {
        return join(dir, path) + " at commit " + commitSha().substring(0, SHORT) + " of " + name;
      }
    };
  }

  @Override
  public void close() {
    repository.close();
  }

  private Optional<InputStream> openInTree(String fullPath) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, fullPath, revCommit.getTree())) {
      if (walk == null
          || (walk.getFileMode(0).getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return Optional.empty();
      }
      return Optional.of(repository.open(walk.getObjectId(0)).openStream());
    }
  }

  /** The path in the commit's tree of a path relative to the repository directory. */
  private String inTree(String path) throws RepositoryException {
    return normalize(join(prefix, path), path);
  }

  private static String join(String dir, String path) {
    return dir.isEmpty() ? path : dir + "/" + path;
  }

  private static String normalize(String joined, String given) throws RepositoryException {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : joined.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new RepositoryException(
              "path " + given + " leaves the repository; use a path inside it");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    if (parts.isEmpty()) {
      throw new RepositoryException("path '" + given + "' names no file");
    }
    return String.join("/", parts);
  }
}
