package dev.mlpipe.models.artifact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content-addressed store of files under {@code <root>/sha256/<hex>}. Writing is idempotent (the
 * same bytes always land at the same path; a second put of them changes nothing) and atomic (a file
 * appears complete or not at all); every read checks the bytes against their name, so a corrupted
 * or tampered file is refused instead of used.
 */
public final class ArtifactStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;

  private ArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A store rooted at the given directory, created on the first write. */
  public static ArtifactStore at(Path root) {
    return new ArtifactStore(Objects.requireNonNull(root, "root"));
  }

  public Path root() {
    return root;
  }

  /** Stores the bytes and returns where they are; storing the same bytes twice is a no-op. */
  public StoredArtifact put(byte[] content) {
    String sha = sha256(content);
    Path target = pathOf(sha);
    if (!Files.exists(target)) {
      try {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
        try {
          Files.write(temp, content);
          moveIntoPlace(temp, target);
        } finally {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        throw new ArtifactException(
            ArtifactException.Kind.IO,
            "cannot write artifact " + sha + " to " + target + ": " + e.getMessage(),
            e);
      }
    }
    return new StoredArtifact(sha, target.toUri(), content.length);
  }

  /**
   * The bytes stored under the SHA-256, verified.
   *
   * @throws ArtifactException NOT_FOUND when absent, CHECKSUM_MISMATCH when the file's bytes do not
   *     hash to its name
   */
  public byte[] read(String sha256) {
    requireSha256(sha256);
    return readVerified(pathOf(sha256), sha256);
  }

  /**
   * The bytes at a {@code file:} URI (as carried in events), verified against the expected SHA-256;
   * the file need not be in this store.
   */
  public static byte[] read(URI uri, String expectedSha256) {
    requireSha256(expectedSha256);
    if (!"file".equals(uri.getScheme())) {
      throw new ArtifactException(
          ArtifactException.Kind.NOT_FOUND,
          "artifact "
              + expectedSha256
              + ": unsupported URI scheme in "
              + uri
              + "; only file: URIs");
    }
    return readVerified(Path.of(uri), expectedSha256);
  }

  /** True when the store holds the SHA-256 (without verifying the bytes). */
  public boolean contains(String sha256) {
    requireSha256(sha256);
    return Files.isRegularFile(pathOf(sha256));
  }

  /** Where the SHA-256's file is or would be. */
  public Path pathOf(String sha256) {
    requireSha256(sha256);
    return root.resolve("sha256").resolve(sha256);
  }

  /** The lower-case hex SHA-256 of the bytes. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  static String requireSha256(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
    }
    return sha256;
  }

  private static byte[] readVerified(Path file, String expectedSha256) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ArtifactException(
          ArtifactException.Kind.NOT_FOUND,
          "artifact " + expectedSha256 + " not found at " + file,
          e);
    } catch (IOException e) {
      throw new ArtifactException(
          ArtifactException.Kind.IO,
          "cannot read artifact " + expectedSha256 + " at " + file + ": " + e.getMessage(),
          e);
    }
    String actual = sha256(content);
    if (!actual.equals(expectedSha256)) {
      throw new ArtifactException(
          ArtifactException.Kind.CHECKSUM_MISMATCH,
          "artifact "
              + expectedSha256
              + " at "
              + file
              + " has sha256 "
              + actual
              + ": it was modified or corrupted; refusing to use it");
    }
    return content;
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another writer stored the same bytes first: content addressing makes that a success.
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(temp, target);
      } catch (FileAlreadyExistsException raced) {
        // As above.
      }
    }
  }
}
