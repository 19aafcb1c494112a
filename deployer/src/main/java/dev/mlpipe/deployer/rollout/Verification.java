package dev.mlpipe.deployer.rollout;

import java.util.Objects;

/** The outcome of checking a validated artifact before it serves: checksum, load, smoke test. */
public sealed interface Verification {

  /** The artifact is what the event says, loads and answers the smoke requests. */
  record Verified() implements Verification {}

  /** The artifact must not serve; the reason says which check failed and on what. */
  record Refused(String reason) implements Verification {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static Verification verified() {
    return new Verified();
  }

  static Verification refused(String reason) {
    return new Refused(reason);
  }
}
