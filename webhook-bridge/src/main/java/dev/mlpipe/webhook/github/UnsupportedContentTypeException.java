package dev.mlpipe.webhook.github;

/** A delivery's content type is neither of the two GitHub sends; answered with 415. */
public final class UnsupportedContentTypeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnsupportedContentTypeException(String message) {
    super(message);
  }
}
