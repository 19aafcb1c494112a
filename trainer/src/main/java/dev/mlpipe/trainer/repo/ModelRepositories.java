package dev.mlpipe.trainer.repo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens model repositories at a commit with JGit, never through a working copy: a local path (a
 * work tree, a directory inside one, or a bare repository) is read from its object database as it
 * is; a URL ({@code https://}, {@code ssh://}, {@code file://}, {@code git@host:path}) is cloned
 * bare once into a cache directory and fetched when it lacks the commit. An optional token
 * authenticates HTTPS fetches of private repositories.
 */
public final class ModelRepositories {

  private static final Logger log = LoggerFactory.getLogger(ModelRepositories.class);
  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/]+@[^:/]+:.*");
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

  private final Path cacheDir;
  private final Optional<CredentialsProvider> credentials;

  /**
   * @param cacheDir where clones of remote repositories are kept between runs
   * @param token an access token for HTTPS remotes, empty for none; never logged
   */
  public ModelRepositories(Path cacheDir, Optional<String> token) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.credentials =
        token
            .filter(t -> !t.isBlank())
            .map(t -> new UsernamePasswordCredentialsProvider("x-access-token", t));
  }

  /** Whether a repository string is a URL rather than a local path. */
  public static boolean isUrl(String repository) {
    return URL.matcher(repository).matches() || SCP_LIKE.matcher(repository).matches();
  }

  /**
   * The repository at the commit {@code sha}.
   *
   * @throws RepositoryException when the repository cannot be opened or fetched, or has no such
   *     commit
   */
  public CommitSnapshot open(String repository, String sha) throws RepositoryException {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(sha, "sha");
    if (!SHA.matcher(sha).matches()) {
      throw new RepositoryException(
          "commit '" + sha + "' is not a sha (7 to 64 hex characters); publish the commit's sha");
    }
    if (isUrl(repository)) {
      return openRemote(repository, sha);
    }
    return openLocal(repository, sha);
  }

  private CommitSnapshot openLocal(String repository, String sha) throws RepositoryException {
    Path dir = Path.of(repository).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new RepositoryException(
          "repository "
              + repository
              + " is not a directory on the trainer's machine; publish a path the trainer can read"
              + " or a clone URL");
    }
    Repository repo;
    String prefix = "";
    try {
      if (RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
        repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      } else {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
          throw new RepositoryException(
              "repository "
                  + repository
                  + " is not inside a git repository; run `git init` and commit mlpipe.yaml");
        }
        repo = builder.setMustExist(true).build();
        File workTree = repo.isBare() ? null : repo.getWorkTree();
        if (workTree != null) {
          Path root = workTree.toPath().toRealPath();
          prefix = root.relativize(dir.toRealPath()).toString().replace(File.separatorChar, '/');
        }
      }
    } catch (RepositoryNotFoundException e) {
      throw new RepositoryException(
          "repository " + repository + " is not a git repository: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RepositoryException("repository " + repository + " cannot be read: " + e, e);
    }
    return resolve(repo, repository, sha, prefix, false);
  }

  private CommitSnapshot openRemote(String url, String sha) throws RepositoryException {
    Path dir = cacheDir.resolve(cacheName(url));
    Repository repo;
    try {
      if (Files.isDirectory(dir)
          && RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
        repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
      } else {
        Files.createDirectories(cacheDir);
        log.info("cloning {} into {}", url, dir);
        var clone =
            Git.cloneRepository()
                .setURI(url)
                .setBare(true)
                .setDirectory(dir.toFile())
                .setCloneAllBranches(true);
        credentials.ifPresent(clone::setCredentialsProvider);
        Git git = clone.call();
        // The clone's own Repository is handed over to the snapshot, which closes it.
        repo = git.getRepository();
      }
    } catch (GitAPIException | IOException e) {
      throw new RepositoryException(
          "cloning " + url + " failed: " + e.getMessage() + remoteHint(), e);
    } catch (RuntimeException e) {
      throw new RepositoryException("cloning " + url + " failed: " + e + remoteHint(), e);
    }
    try {
      if (find(repo, sha) == null) {
        log.info("fetching {} for commit {}", url, sha);
        var fetch =
            Git.wrap(repo)
                .fetch()
                .setRemote("origin")
                .setRefSpecs("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
        credentials.ifPresent(fetch::setCredentialsProvider);
        fetch.call();
      }
    } catch (GitAPIException | IOException e) {
      repo.close();
      throw new RepositoryException(
          "fetching " + url + " failed: " + e.getMessage() + remoteHint(), e);
    }
    return resolve(repo, url, sha, "", true);
  }

  private static CommitSnapshot resolve(
      Repository repo, String repository, String sha, String prefix, boolean fetched)
      throws RepositoryException {
    try {
      ObjectId commit = find(repo, sha);
      if (commit == null) {
        throw new RepositoryException(
            "commit "
                + sha
                + " does not exist in repository "
                + repository
                + (fetched ? " (even after a fetch)" : "")
                + "; was it pushed? publish the sha of a commit the repository has");
      }
      return new CommitSnapshot(repo, repository, commit, prefix);
    } catch (RepositoryException e) {
      repo.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      repo.close();
      throw new RepositoryException(
          "commit " + sha + " of repository " + repository + " cannot be resolved: " + e, e);
    }
  }

  private static ObjectId find(Repository repo, String sha) throws IOException {
    try {
      return repo.resolve(sha + "^{commit}");
    } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
      throw new IOException("the short sha " + sha + " is ambiguous; publish the full sha", e);
    } catch (org.eclipse.jgit.errors.RevisionSyntaxException
        | org.eclipse.jgit.errors.MissingObjectException
        | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return null;
    }
  }

  private String remoteHint() {
    return credentials.isPresent()
        ? "; check the URL and that the token may read the repository"
        : "; check the URL, or set MLPIPE_TRAINER_GIT_TOKEN for a private repository";
  }

  static String cacheName(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12) + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
