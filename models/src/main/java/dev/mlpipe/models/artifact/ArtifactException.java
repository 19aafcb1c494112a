package dev.mlpipe.models.artifact;

/**
 * An artifact cannot be stored or read as it should: not found, its content does not match its
 * SHA-256, or it is not a valid artifact file. The message names the artifact and the problem.
 */
public class ArtifactException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (e.g. a gate check's reason). */
  public enum Kind {
    NOT_FOUND,
    CHECKSUM_MISMATCH,
    MALFORMED,
    IO
  }

  private final Kind kind;

  public ArtifactException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ArtifactException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
