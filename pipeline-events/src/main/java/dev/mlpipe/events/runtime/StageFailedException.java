package dev.mlpipe.events.runtime;

/** Why a stage stopped with {@link StageHealth#FAILED}. */
public final class StageFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StageFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
