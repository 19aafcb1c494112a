package dev.mlpipe.models.mlp;

import java.util.Objects;

/** A prediction request's feature is missing, unknown or of the wrong type. */
public final class InvalidFeatureException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidFeatureException(String field, String problem) {
    super(field + ": " + problem);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The feature's name. */
  public String field() {
    return field;
  }
}
