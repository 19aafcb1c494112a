package dev.mlpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A model repository for process-level ITs: a git repository made from an example's files, to which
 * a test commits changes with the {@code git} command; the trainer reads it by its path.
 */
final class ModelRepository {

  private final Path dir;

  private ModelRepository(Path dir) {
    this.dir = dir;
  }

  /** {@code git init} in {@code dir} with the example's files, not committed yet. */
  static ModelRepository of(Path dir, Path example) {
    ModelRepository repository = new ModelRepository(dir);
    repository.git("init", "-q", "-b", "main");
    try (Stream<Path> files = Files.list(example)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + example + " to " + dir, e);
    }
    return repository;
  }

  Path dir() {
    return dir;
  }

  /** Commits what is in the work tree; returns the sha. */
  String commit(String message) {
    git("add", ".");
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").trim();
  }

  /** Appends a line to {@code file} and commits it; returns the sha. */
  String append(String file, String message) {
    try {
      Files.writeString(
          dir.resolve(file),
          "\n" + message + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit(message);
  }

  /** Replaces {@code file}'s content and commits it; returns the sha. */
  String write(String file, String content, String message) {
    try {
      Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit(message);
  }

  /** The content of {@code file} in the work tree. */
  String read(String file) {
    try {
      return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0)
          .as(command + ": " + out)
          .isTrue();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
