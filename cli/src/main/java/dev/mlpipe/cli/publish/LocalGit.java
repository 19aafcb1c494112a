package dev.mlpipe.cli.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI reads from a model repository on this machine with the {@code git} command: a
 * commit's full sha, author and subject. Absent when the path is not a git work tree or git is not
 * installed.
 */
public final class LocalGit {

  /**
   * A commit as git shows it.
   *
   * @param sha the full sha
   * @param author the author's name
   * @param subject the first line of the message
   */
  public record Commit(String sha, String author, String subject) {}

  private LocalGit() {}

  /** Whether {@code dir} is inside a git work tree that git can read. */
  public static boolean isRepository(Path dir) {
    return Files.isDirectory(dir) && run(dir, "rev-parse", "--is-inside-work-tree").isPresent();
  }

  /** The commit {@code rev} names in the repository at {@code dir}, if there is one. */
  public static Optional<Commit> commit(Path dir, String rev) {
    return run(dir, "log", "-1", "--format=%H%n%an%n%s", rev + "^{commit}", "--")
        .map(out -> out.split("\n", -1))
        .filter(lines -> lines.length >= 3)
        .map(lines -> new Commit(lines[0], lines[1], lines[2]));
  }

  private static Optional<String> run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // no git on this machine: nothing to read
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
