package dev.mlpipe.trainer.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of a directory on this machine, for runs of a spec outside git ({@code mlpipe train}).
 */
public final class DirectoryFiles implements RepositoryFiles {

  private final Path dir;

  private DirectoryFiles(Path dir) {
    this.dir = dir;
  }

  public static DirectoryFiles at(Path dir) {
    return new DirectoryFiles(Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize());
  }

  @Override
  public Optional<InputStream> open(String path) throws IOException {
    Path file = dir.resolve(path).normalize();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(Files.newInputStream(file));
  }

  @Override
  public String describe(String path) {
    return dir.resolve(path).normalize().toString();
  }
}
