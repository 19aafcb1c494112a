package dev.mlpipe.gatekeeper.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * How far the gate trusts the trainer: {@code recompute} loads the artifact and re-computes the
 * critical metrics it can on the evaluation split; {@code trust} loads the artifact (so {@code
 * model_loads} is still checked) but takes the trainer's numbers as reported.
 */
public enum VerifyMode {
  RECOMPUTE("recompute"),
  TRUST("trust");

  private final String key;

  VerifyMode(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<VerifyMode> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }
}
