package dev.mlpipe.trainer.repo;

/**
 * A model repository, commit or file could not be read; the message names the repository, the
 * commit or path and what to do.
 */
public final class RepositoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public RepositoryException(String message) {
    super(message);
  }

  public RepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
