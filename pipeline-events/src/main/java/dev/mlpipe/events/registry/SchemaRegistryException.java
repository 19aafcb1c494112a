package dev.mlpipe.events.registry;

/**
 * The registry answered with an error. {@link #errorCode()} is Confluent's code (e.g. 40401 subject
 * not found, 409 incompatible, 42201 invalid schema); {@link #httpStatus()} the HTTP status.
 */
public class SchemaRegistryException extends RuntimeException {

  /** Subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** The subject was soft-deleted; only a permanent delete applies to it now. */
  public static final int SUBJECT_SOFT_DELETED = 40404;

  /** A permanent subject delete was asked before the soft delete. */
  public static final int SUBJECT_NOT_SOFT_DELETED = 40405;

  /** The version was soft-deleted; only a permanent delete applies to it now. */
  public static final int VERSION_SOFT_DELETED = 40406;

  /** A permanent version delete was asked before the soft delete. */
  public static final int VERSION_NOT_SOFT_DELETED = 40407;

  /** Subject-level compatibility not configured. */
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

  /** The schema is incompatible with an earlier one. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** Invalid schema. */
  public static final int INVALID_SCHEMA = 42201;

  /** Invalid version. */
  public static final int INVALID_VERSION = 42202;

  /** Invalid compatibility level. */
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  /** The registry's backing store failed. */
  public static final int STORE_ERROR = 50001;

  /** The registry's backing store did not answer in time. */
  public static final int STORE_TIMEOUT = 50002;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's error code. */
  public int errorCode() {
    return errorCode;
  }
}
