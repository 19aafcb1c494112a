package dev.mlpipe.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.UserError;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.CommitPushed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe publish commit}: tells the pipeline that a model repository has a new commit. */
@Command(
    name = "commit",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a CommitPushed event, which starts a training run, and prints its eventId and"
          + " runId. This is what the GitHub webhook bridge does for a push.",
      "",
      "Example:",
      "  mlpipe publish commit --repo examples/movielens-recsys --sha $(git rev-parse HEAD)"
    })
public final class PublishCommitCommand implements Callable<Integer> {

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "URL|PATH",
      description = "The model repository: a clone URL or a local path.")
  String repo;

  @Option(
      names = "--sha",
      required = true,
      paramLabel = "SHA",
      description = "The commit (hex, 7-64 characters) the trainer reads the spec at.")
  String sha;

  @Option(
      names = "--branch",
      defaultValue = "main",
      description = "The branch pushed to (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--message",
      defaultValue = "",
      description =
          "The commit message (default: the commit's subject when --repo is a local git"
              + " repository).")
  String message;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "The model name (the record key). Default: `model:` of the repository's mlpipe.yaml"
              + " when the repository is a local path that has one, else the repository's name.")
  String model;

  @Option(
      names = "--author",
      description =
          "Who pushed (default: the commit's author when --repo is a local git repository, else"
              + " the current user).")
  String author;

  @Option(
      names = "--spec-path",
      defaultValue = "mlpipe.yaml",
      description = "Path of the training spec in the repository (default: ${DEFAULT-VALUE}).")
  String specPath;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!SHA.matcher(sha).matches()) {
      throw new UserError(
          "--sha '" + sha + "' is not a commit sha: expected 7 to 64 hex characters", 2, null);
    }
    String repository = repository();
    String modelName = model != null ? model : defaultModelName(repository);
    if (!MODEL_NAME.matcher(modelName).matches()) {
      throw new UserError(
          "model name '"
              + modelName
              + "' is not valid: use lower-case letters, digits, '.', '_' or '-' (at most 63);"
              + " pass --model NAME",
          2,
          null);
    }
    LocalGit.Commit commit = commit(repository);
    try (Publisher publisher = new Publisher(connection)) {
      Published published =
          publisher.publish(
              Topics.COMMIT, commitPushed(modelName, repository, branch, commit, specPath));
      PrintWriter out = spec.commandLine().getOut();
      out.println(published.describe());
      out.flush();
      return 0;
    }
  }

  /** A CommitPushed for a commit of a model repository; it starts a new run. */
  public static CommitPushed commitPushed(
      String model, String repository, String branch, LocalGit.Commit commit, String specPath) {
    return CommitPushed.newBuilder()
        .setMeta(Publisher.metas().newRun())
        .setModel(model)
        .setRepo(repository)
        .setBranch(branch)
        .setSha(commit.sha())
        .setAuthor(commit.author())
        .setMessage(commit.subject())
        .setSpecPath(specPath)
        .setChangedPaths(List.of())
        .setPullRequest(null)
        .build();
  }

  /**
   * The commit as the options give it, completed (full sha, author, subject) from the repository
   * when it is a local git repository, which must then have it.
   */
  private LocalGit.Commit commit(String repository) {
    String given = sha.toLowerCase(Locale.ROOT);
    Path local = repository.contains("://") ? null : Path.of(repository);
    if (local == null || !LocalGit.isRepository(local)) {
      return new LocalGit.Commit(
          given, author != null ? author : System.getProperty("user.name", "unknown"), message);
    }
    LocalGit.Commit found =
        LocalGit.commit(local, given)
            .orElseThrow(
                () ->
                    new UserError(
                        "--sha " + sha + ": no such commit in the git repository " + repository,
                        2,
                        null));
    return new LocalGit.Commit(
        found.sha(),
        author != null ? author : found.author(),
        message.isEmpty() ? found.subject() : message);
  }

  /** A URL as given; a local path made absolute after checking it exists. */
  private String repository() {
    if (repo.isBlank()) {
      throw new UserError("--repo must not be empty: give a clone URL or a local path", 2, null);
    }
    if (repo.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || repo.matches("^[^/]+@[^:]+:.*")) {
      return repo;
    }
    Path path = Path.of(repo).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw new UserError(
          "--repo " + repo + ": no such directory; give a model repository's path or clone URL",
          2,
          null);
    }
    return path.toString();
  }

  /**
   * The model name of a repository: {@code model:} of its mlpipe.yaml when it is a local path that
   * has one, else the repository's name.
   */
  public static String defaultModelName(String repository) {
    Path local = repository.contains("://") ? null : Path.of(repository);
    if (local != null && Files.isRegularFile(local.resolve("mlpipe.yaml"))) {
      try {
        JsonNode spec =
            new ObjectMapper(new YAMLFactory()).readTree(local.resolve("mlpipe.yaml").toFile());
        JsonNode name = spec == null ? null : spec.get("model");
        if (name != null && name.isTextual()) {
          return name.asText();
        }
        if (name != null && name.has("name")) {
          return name.get("name").asText();
        }
      } catch (IOException e) {
        throw new UserError(
            local.resolve("mlpipe.yaml") + " cannot be read: " + e.getMessage() + "; pass --model",
            e);
      }
    }
    String last = repository.replaceAll("/+$", "");
    last = last.substring(Math.max(last.lastIndexOf('/'), last.lastIndexOf(':')) + 1);
    return last.replaceAll("\\.git$", "").toLowerCase(Locale.ROOT);
  }
}
