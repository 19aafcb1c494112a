package dev.mlpipe.webhook.github;

/** A delivery's body cannot be read as the payload its event needs; answered with 400. */
public final class MalformedPayloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }
}
